package qda

import "encoding/xml"

// The XML types follow the schemas' element order (xsd:sequence), which
// encoding/xml keeps as field order. Children inherit the default namespace
// set on the root, as elementFormDefault="qualified" requires.

type xProject struct {
	XMLName      xml.Name    `xml:"Project"`
	Xmlns        string      `xml:"xmlns,attr"`
	Name         string      `xml:"name,attr"`
	Origin       string      `xml:"origin,attr,omitempty"`
	CreatingUser string      `xml:"creatingUserGUID,attr,omitempty"`
	Users        *xUsers     `xml:"Users,omitempty"`
	CodeBook     *xCodeBook  `xml:"CodeBook,omitempty"`
	Variables    *xVariables `xml:"Variables,omitempty"`
	Sources      *xSources   `xml:"Sources,omitempty"`
	Description  string      `xml:"Description,omitempty"`
}

type xUsers struct {
	Users []xUser `xml:"User"`
}

type xUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
}

type xCodeBook struct {
	Codes xCodes `xml:"Codes"`
}

type xCodes struct {
	Codes []xCode `xml:"Code"`
}

// xCode fits both schemas: the codebook schema's CodeType has Description
// and Code children only, the project schema's adds NoteRef, unused here.
type xCode struct {
	GUID        string  `xml:"guid,attr"`
	Name        string  `xml:"name,attr"`
	Codable     bool    `xml:"isCodable,attr"`
	Color       string  `xml:"color,attr,omitempty"`
	Description string  `xml:"Description,omitempty"`
	Children    []xCode `xml:"Code"`
}

type xSources struct {
	Sources []xTextSource `xml:"TextSource"`
}

type xTextSource struct {
	GUID          string           `xml:"guid,attr"`
	Name          string           `xml:"name,attr,omitempty"`
	PlainTextPath string           `xml:"plainTextPath,attr"`
	CreatingUser  string           `xml:"creatingUser,attr,omitempty"`
	Description   string           `xml:"Description,omitempty"`
	Selections    []xSelection     `xml:"PlainTextSelection"`
	Values        []xVariableValue `xml:"VariableValue"`
}

type xVariables struct {
	Variables []xVariable `xml:"Variable"`
}

type xVariable struct {
	GUID        string `xml:"guid,attr"`
	Name        string `xml:"name,attr"`
	Type        string `xml:"typeOfVariable,attr"`
	Description string `xml:"Description,omitempty"`
}

// xVariableValue holds one of the schema's typed values.
type xVariableValue struct {
	Ref      xRef    `xml:"VariableRef"`
	Text     *string `xml:"TextValue,omitempty"`
	DateTime *string `xml:"DateTimeValue,omitempty"`
}

type xSelection struct {
	GUID         string    `xml:"guid,attr"`
	Name         string    `xml:"name,attr,omitempty"`
	Start        int       `xml:"startPosition,attr"`
	End          int       `xml:"endPosition,attr"`
	CreatingUser string    `xml:"creatingUser,attr,omitempty"`
	Description  string    `xml:"Description,omitempty"`
	Codings      []xCoding `xml:"Coding"`
}

type xCoding struct {
	GUID         string `xml:"guid,attr"`
	CreatingUser string `xml:"creatingUser,attr,omitempty"`
	CodeRef      xRef   `xml:"CodeRef"`
}

type xRef struct {
	Target string `xml:"targetGUID,attr"`
}

type xCodebookFile struct {
	XMLName xml.Name `xml:"CodeBook"`
	Xmlns   string   `xml:"xmlns,attr"`
	Origin  string   `xml:"origin,attr,omitempty"`
	Codes   xCodes   `xml:"Codes"`
}

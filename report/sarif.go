package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"
)

// SARIFOptions configure WriteSARIF.
type SARIFOptions struct {
	ToolVersion string // tool.driver.version; left out when empty
	InfoURI     string // tool.driver.informationUri; left out when empty
}

const (
	toolName = "kvlint"
	srcRoot  = "%SRCROOT%"
	// fingerprintKey is the partial fingerprint GitHub code scanning uses
	// to follow an alert across commits.
	fingerprintKey = "primaryLocationLineHash"
)

var defaultTags = []string{"correctness", "cloudflare-workers-kv"}

// WriteSARIF writes the report as a SARIF 2.1.0 log with one run, in the
// form GitHub code scanning accepts. Columns are UTF-16 code units computed
// from src (byte columns when a file is unavailable). File errors become
// tool execution notifications of level "error".
func WriteSARIF(w io.Writer, r *Report, src Sources, opt SARIFOptions) error {
	if r == nil {
		r = &Report{}
	}
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	c := newSourceCache(src)

	driver := sarif.NewDriver(toolName)
	if opt.ToolVersion != "" {
		driver.WithVersion(opt.ToolVersion)
	}
	if opt.InfoURI != "" {
		driver.WithInformationURI(opt.InfoURI)
	}

	// Rules that ran, then any rule a finding names that is not among
	// them, so that every result has a ruleIndex.
	index := map[string]int{}
	addRule := func(rule Rule) {
		if _, ok := index[rule.Name]; ok {
			return
		}
		index[rule.Name] = len(driver.Rules)
		driver.Rules = append(driver.Rules, ruleDescriptor(rule))
	}
	for _, rule := range r.Rules {
		addRule(rule)
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		addRule(Rule{Name: f.Rule, URL: f.URL, Default: f.Severity})
	}

	for i := range r.Errors {
		if e := &r.Errors[i]; e.Rule != "" {
			addRule(Rule{Name: e.Rule, Default: Error})
		}
	}

	run := sarif.NewRun(sarif.Tool{Driver: driver})
	run.ColumnKind = "utf16CodeUnits"

	// A file that does not parse is a result of rule syntax (code
	// scanning shows it, after the findings); other errors are tool
	// execution notifications.
	var syntax []*FileError
	inv := sarif.NewInvocation().WithExecutionSuccess(true)
	for i := range r.Errors {
		e := &r.Errors[i]
		if e.Rule != "" {
			syntax = append(syntax, e)
			continue
		}
		n := sarif.NewNotification()
		n.Level = "error"
		n.Message = sarif.NewTextMessage(e.Message)
		n.Locations = []*sarif.Location{physical(c, e.File, Location{Line: e.Line, Col: e.Col})}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []*sarif.Invocation{inv}
	log.AddRun(run)

	// The log without its results, then the results one at a time in its
	// "results" array: a big report is never held whole in memory.
	var doc bytes.Buffer
	if err := sarifJSON(&doc, log); err != nil {
		return err
	}
	skeleton := doc.Bytes()
	at := bytes.Index(skeleton, []byte(sarifResults))
	if at < 0 {
		return errors.New("sarif: no results array")
	}
	indent := skeleton[bytes.LastIndexByte(skeleton[:at], '\n')+1 : at]
	prints := Fingerprints(r.Findings, src)
	st := newJSONStream(w)
	st.raw(string(skeleton[:at+len(sarifResults)-len("[]")]))
	var one bytes.Buffer
	st.array(len(r.Findings)+len(syntax), string(indent), func(i int) any {
		var res *sarif.Result
		if i < len(r.Findings) {
			res = sarifResult(c, &r.Findings[i], index, prints[i])
		} else {
			e := syntax[i-len(r.Findings)]
			res = sarif.NewRuleResult(e.Rule).
				WithRuleIndex(index[e.Rule]).
				WithLevel("error").
				WithMessage(sarif.NewTextMessage(e.Message)).
				WithLocations([]*sarif.Location{physical(c, e.File, Location{Line: e.Line, Col: e.Col})})
			res.PartialFingerprints = map[string]any{fingerprintKey: gitlabHash(e.Rule + "\x00" + e.File + "\x00" + e.Message)}
		}
		one.Reset()
		if err := sarifCompact(&one, res); err != nil {
			st.err = err
			return json.RawMessage("null")
		}
		return json.RawMessage(one.Bytes())
	})
	st.raw(string(skeleton[at+len(sarifResults):]) + "\n")
	return st.close()
}

// sarifResults is the empty results array of the log's skeleton.
const sarifResults = `"results": []`

// sarifResult is the result of finding f.
func sarifResult(c *sourceCache, f *Finding, index map[string]int, fingerprint string) *sarif.Result {
	res := sarif.NewRuleResult(f.Rule).
		WithRuleIndex(index[f.Rule]).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(f.Message)).
		WithLocations([]*sarif.Location{physical(c, f.File, f.Location)})
	for j := range f.Related {
		rel := &f.Related[j]
		loc := physical(c, relatedFile(f, rel), rel.Location)
		id := uint(j + 1)
		loc.Id = &id
		loc.Message = sarif.NewTextMessage(rel.Message)
		res.AddRelatedLocation(loc)
	}
	res.PartialFingerprints = map[string]any{
		fingerprintKey: fingerprint,
	}
	if f.Suppressed != nil {
		sup := sarif.NewSuppression("inSource")
		if j := f.Suppressed.Justification; j != "" {
			sup.Justification = &j
		}
		res.Suppressions = []*sarif.Suppression{sup}
	}
	for _, fix := range f.Fixes {
		res.Fixes = append(res.Fixes, sarifFix(c, fix))
	}
	return res
}

// sarifCompact writes v as compact JSON without null members: go-sarif
// writes unset optional fields of some objects (a suppression's status,
// location and guid) as null, which the SARIF schema forbids (SARIF has
// no null anywhere).
func sarifCompact(out *bytes.Buffer, v any) error {
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	if !bytes.Contains(raw.Bytes(), []byte("null")) {
		// No null anywhere, not even inside a string: the encoder's
		// compact output is what dropNulls would copy.
		out.Write(bytes.TrimSuffix(raw.Bytes(), []byte("\n")))
		return nil
	}
	dec := json.NewDecoder(&raw)
	dec.UseNumber()
	_, err := dropNulls(dec, out)
	return err
}

// sarifJSON writes v as indented JSON without null members.
func sarifJSON(out *bytes.Buffer, v any) error {
	var compact bytes.Buffer
	if err := sarifCompact(&compact, v); err != nil {
		return err
	}
	return json.Indent(out, compact.Bytes(), "", "  ")
}

// dropNulls copies one JSON value from dec to out, compact, leaving out
// every object member whose value is null (keeping the order of members).
// It reports whether the value was null (then written as null).
func dropNulls(dec *json.Decoder, out *bytes.Buffer) (null bool, err error) {
	tok, err := dec.Token()
	if err != nil {
		return false, err
	}
	switch t := tok.(type) {
	case json.Delim:
		open, end := byte('{'), byte('}')
		if t == '[' {
			open, end = '[', ']'
		}
		out.WriteByte(open)
		n := 0
		for dec.More() {
			mark := out.Len()
			if n > 0 {
				out.WriteByte(',')
			}
			if open == '{' {
				key, err := dec.Token()
				if err != nil {
					return false, err
				}
				writeJSONString(out, key.(string))
				out.WriteByte(':')
			}
			null, err := dropNulls(dec, out)
			if err != nil {
				return false, err
			}
			if null && open == '{' {
				out.Truncate(mark)
				continue
			}
			n++
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return false, err
		}
		out.WriteByte(end)
	case string:
		writeJSONString(out, t)
	case json.Number:
		out.WriteString(t.String())
	case bool:
		out.WriteString(strconv.FormatBool(t))
	case nil:
		out.WriteString("null")
		return true, nil
	}
	return false, nil
}

func writeJSONString(out *bytes.Buffer, s string) {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)           // a string always encodes
	out.Truncate(out.Len() - 1) // the encoder's newline
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning, "":
		return "warning"
	}
	return "note"
}

func ruleDescriptor(rule Rule) *sarif.ReportingDescriptor {
	short := strings.TrimSpace(rule.Short)
	if short == "" {
		short = rule.Name
	}
	doc := strings.TrimSpace(rule.Doc)
	full := firstParagraph(doc)
	if full == "" {
		full = short
	}
	helpText, helpMD := doc, doc
	if doc == "" {
		helpText, helpMD = short, short
	}
	if rule.URL != "" {
		helpText += "\n\nDocumentation: " + rule.URL
		helpMD += "\n\n[Documentation](" + rule.URL + ")"
	}
	d := sarif.NewRule(rule.Name).
		WithName(rule.Name).
		WithShortDescription(sarif.NewMultiformatMessageString(short)).
		WithFullDescription(sarif.NewMultiformatMessageString(full)).
		WithHelp(&sarif.MultiformatMessageString{Text: &helpText, Markdown: &helpMD}).
		WithDefaultConfiguration(&sarif.ReportingConfiguration{Level: sarifLevel(rule.Default)})
	if rule.URL != "" {
		d.WithHelpURI(rule.URL)
	}
	tags := rule.Tags
	if len(tags) == 0 {
		tags = defaultTags
	}
	d.WithProperties(sarif.Properties{"tags": append([]string(nil), tags...)})
	return d
}

// firstParagraph is the text up to the first blank line, on one line.
func firstParagraph(doc string) string {
	doc = strings.ReplaceAll(doc, "\r\n", "\n")
	if i := strings.Index(doc, "\n\n"); i >= 0 {
		doc = doc[:i]
	}
	return strings.Join(strings.Fields(doc), " ")
}

// physical builds a SARIF location for loc in file. The region is left out
// when the line is unknown; columns are in UTF-16 code units.
func physical(c *sourceCache, file string, loc Location) *sarif.Location {
	pl := &sarif.PhysicalLocation{ArtifactLocation: artifact(file)}
	if loc.Line >= 1 {
		t := c.get(file)
		reg := &sarif.Region{}
		startLine := loc.Line
		reg.StartLine = &startLine
		startCol := 0
		if loc.Col >= 1 {
			startCol = t.utf16Col(loc.Line, loc.Col)
			reg.StartColumn = &startCol
		}
		if loc.EndLine >= loc.Line && loc.EndCol >= 1 && loc.Col >= 1 {
			endLine := loc.EndLine
			endCol := t.utf16Col(loc.EndLine, loc.EndCol)
			if endLine == startLine && endCol < startCol {
				endCol = startCol
			}
			reg.EndLine, reg.EndColumn = &endLine, &endCol
		}
		pl.Region = reg
	}
	return sarif.NewLocationWithPhysicalLocation(pl)
}

// artifact locates file: relative paths against %SRCROOT% (the repository
// root), absolute paths as file URIs.
func artifact(file string) *sarif.ArtifactLocation {
	if isAbs(file) {
		p := file
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive path
		}
		uri := (&url.URL{Scheme: "file", Path: p}).String()
		return &sarif.ArtifactLocation{URI: &uri}
	}
	uri := (&url.URL{Path: repoPath(file)}).String()
	base := srcRoot
	return &sarif.ArtifactLocation{URI: &uri, URIBaseId: &base}
}

func isAbs(file string) bool {
	if strings.HasPrefix(file, "/") {
		return true
	}
	return len(file) >= 3 && file[1] == ':' && file[2] == '/' &&
		('a' <= file[0] && file[0] <= 'z' || 'A' <= file[0] && file[0] <= 'Z')
}

// sarifFix describes a fix as SARIF replacements, grouped by file.
func sarifFix(c *sourceCache, fix Fix) *sarif.Fix {
	out := sarif.NewFix()
	out.Description = sarif.NewTextMessage(fix.Message)
	byFile := map[string]*sarif.ArtifactChange{}
	var order []string
	for _, e := range fix.Edits {
		ch := byFile[e.File]
		if ch == nil {
			ch = sarif.NewArtifactChange(artifact(e.File))
			byFile[e.File] = ch
			order = append(order, e.File)
		}
		reg := physical(c, e.File, e.Location).PhysicalLocation.Region
		if reg == nil {
			reg = &sarif.Region{}
		}
		rep := sarif.NewReplacement(reg)
		text := e.NewText
		rep.InsertedContent = &sarif.ArtifactContent{Text: &text}
		ch.Replacements = append(ch.Replacements, rep)
	}
	for _, f := range order {
		out.ArtifactChanges = append(out.ArtifactChanges, byFile[f])
	}
	return out
}

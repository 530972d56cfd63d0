package report

import (
	"bytes"
	"io"
	"strconv"
	"strings"
)

// WriteGitHub writes the report as GitHub Actions workflow commands, which
// the runner turns into annotations:
//
//	::warning file=src/a.ts,line=3,endLine=3,col=5,endColumn=9,title=kvlint (missingttl)::message
//
// Columns are given only when the range is on one line (GitHub ignores
// them otherwise). Related locations and the rule's URL are appended to the
// message on lines of their own. File errors are ::error commands titled
// "kvlint".
func WriteGitHub(w io.Writer, r *Report) error {
	if r == nil {
		return nil
	}
	var b bytes.Buffer
	for i := range r.Findings {
		f := &r.Findings[i]
		cmd := "warning"
		switch f.Severity {
		case Error:
			cmd = "error"
		case Warning, "":
		default:
			cmd = "notice"
		}
		props := []string{"file=" + escapeProperty(cleanName(repoPath(f.File)))}
		if f.Line > 0 {
			props = append(props, "line="+strconv.Itoa(f.Line))
			oneLine := f.EndLine == 0 || f.EndLine == f.Line
			if f.EndLine > f.Line {
				props = append(props, "endLine="+strconv.Itoa(f.EndLine))
			} else {
				props = append(props, "endLine="+strconv.Itoa(f.Line))
			}
			if oneLine && f.Col > 0 {
				props = append(props, "col="+strconv.Itoa(f.Col))
				if f.EndCol > f.Col {
					props = append(props, "endColumn="+strconv.Itoa(f.EndCol))
				}
			}
		}
		title := toolName
		if f.Rule != "" {
			title += " (" + f.Rule + ")"
		}
		props = append(props, "title="+escapeProperty(title))

		msg := f.Message
		for j := range f.Related {
			rel := &f.Related[j]
			msg += "\n" + location(cleanName(repoPath(relatedFile(f, rel))), rel.Line, rel.Col) + ": note: " + rel.Message
		}
		if f.URL != "" {
			msg += "\n" + f.URL
		}
		writeCommand(&b, cmd, props, msg)
		if err := flushFull(w, &b); err != nil {
			return err
		}
	}
	for _, e := range r.Errors {
		props := []string{"file=" + escapeProperty(cleanName(repoPath(e.File)))}
		if e.Line > 0 {
			props = append(props, "line="+strconv.Itoa(e.Line))
			if e.Col > 0 {
				props = append(props, "col="+strconv.Itoa(e.Col))
			}
		}
		title := toolName
		if e.Rule != "" {
			title += " (" + e.Rule + ")"
		}
		props = append(props, "title="+escapeProperty(title))
		writeCommand(&b, "error", props, e.Message)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func writeCommand(b *bytes.Buffer, cmd string, props []string, msg string) {
	b.WriteString("::")
	b.WriteString(cmd)
	b.WriteByte(' ')
	b.WriteString(strings.Join(props, ","))
	b.WriteString("::")
	b.WriteString(escapeData(msg))
	b.WriteByte('\n')
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes the message of a workflow command.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

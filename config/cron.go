package config

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Cron is one cron trigger of a wrangler config (an element of
// triggers.crons).
type Cron struct {
	Expr      string
	Line, Col int // 1-based position of the expression in the config file
}

// crons reads triggers.crons of one block. Wrangler validates the
// expressions; a value that is not a list of strings is an error here
// because kvlint would otherwise misread the schedule.
func (r *wranglerReader) crons(prefix string, triggers *node) ([]Cron, error) {
	if triggers == nil {
		return nil, nil
	}
	if triggers.kind != nodeTable {
		return nil, r.errorf(triggers, `%striggers must be a %s like %s, found %s`, prefix, r.f.table, r.f.cronEx, triggers.typ)
	}
	list := triggers.get("crons")
	if list == nil {
		return nil, nil
	}
	if list.kind != nodeArray {
		return nil, r.errorf(list, `%striggers.crons must be an array of cron expressions like %s, found %s`, prefix, r.f.cronEx, list.typ)
	}
	var out []Cron
	for _, el := range list.elems {
		if el.kind != nodeString {
			return nil, r.errorf(el, `%striggers.crons: each cron expression must be a string, found %s`, prefix, el.typ)
		}
		out = append(out, Cron{Expr: el.str, Line: el.line, Col: el.col})
	}
	return out, nil
}

// cronParser reads the five-field expressions cron triggers use, and the
// @hourly, @daily, ... descriptors.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// RunsPerDay returns how many times a day the schedule runs: the most runs
// on any one day of a month (so that a weekday-only schedule counts a
// weekday, and a monthly one its day). An expression the cron library cannot read (Cloudflare's L, W
// and # extensions, say) is an error.
func (c Cron) RunsPerDay() (int, error) {
	s, err := cronParser.Parse(c.Expr)
	if err != nil {
		return 0, fmt.Errorf("cron %q: %w", c.Expr, err)
	}
	// Cron triggers run in UTC. Count the days of a 31-day month.
	start := time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)
	most := 0
	for d := 0; d < 31; d++ {
		from := start.AddDate(0, 0, d)
		to := from.AddDate(0, 0, 1)
		n := 0
		for t := s.Next(from.Add(-time.Second)); t.Before(to); t = s.Next(t) {
			n++
		}
		most = max(most, n)
	}
	return most, nil
}

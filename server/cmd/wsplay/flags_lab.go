package main

import (
	"flag"
	"fmt"

	"github.com/wsplay/wsplay/server"
)

// labFlags declares the limits of POST /lab; def records each flag's
// WSPLAY_* variable. README "The lab" says how the defaults were chosen.
func labFlags(fset *flag.FlagSet, l *server.LabLimits, def func(name, variable string) string) {
	fset.IntVar(&l.PerIP, "lab-per-ip", l.PerIP, "lab experiments running at once per client address; beyond it 429"+def("lab-per-ip", "WSPLAY_LAB_PER_IP"))
	fset.Float64Var(&l.Rate, "lab-rate", l.Rate, "lab experiments a client address may start per second, on average; beyond it 429 with Retry-After"+def("lab-rate", "WSPLAY_LAB_RATE"))
	fset.IntVar(&l.Burst, "lab-burst", l.Burst, "lab experiments a client address may start at once before -lab-rate applies"+def("lab-burst", "WSPLAY_LAB_BURST"))
	fset.IntVar(&l.MaxActive, "lab-max", l.MaxActive, "lab experiments running at once on the whole server; beyond it 503"+def("lab-max", "WSPLAY_LAB_MAX"))
}

// checkLab refuses limits that would switch the lab off by accident.
func checkLab(l server.LabLimits) error {
	for name, v := range map[string]int{"lab-per-ip": l.PerIP, "lab-burst": l.Burst, "lab-max": l.MaxActive} {
		if v < 1 {
			return fmt.Errorf("-%s: want at least 1, got %d", name, v)
		}
	}
	if !(l.Rate > 0) || l.Rate > 1e6 {
		return fmt.Errorf("-lab-rate: want a positive number of experiments a second (such as 20 or 0.5), got %g", l.Rate)
	}
	return nil
}

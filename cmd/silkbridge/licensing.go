package main

import "github.com/silkbridge/silkbridge/internal/licensing"

// licensingService returns the licensing service over the app's database.
// It keeps no state but its clock, so each caller may build its own.
func (a *app) licensingService() *licensing.Service { return licensing.NewService(a.db, a.catalog) }

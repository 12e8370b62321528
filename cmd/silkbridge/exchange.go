package main

import (
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/people"
)

// exchangeHosts is what the people directory asks about exchanges: which
// organisations host a person and which users they named coordinators.
// Every people.Service of the hub is built with it.
func (a *app) exchangeHosts() people.Hosts { return exchange.Hosts{Store: a.db} }

// exchangeService wires personnel exchange over the app's database; the
// people service it holds only erases private fields when retention ends.
func (a *app) exchangeService() *exchange.Service {
	return exchange.NewService(a.db, people.NewService(a.db, a.catalog, a.exchangeHosts()))
}

package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/events"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// FestivalSlug is the demo festival's public address (/e/china-film-festival-2025).
const FestivalSlug = "china-film-festival-2025"

// demoNote says, in the festival's own text, which facts are invented: the
// event report names the festival and its films, not venues, dates or times.
var demoNote = map[string]string{
	"en":      "Demo data: the venues, dates and times are invented.",
	"ru":      "Демонстрационные данные: площадки, даты и время сеансов вымышлены.",
	"zh-Hans": "演示数据：场地、日期和场次时间均为虚构。",
}

// loadEvents adds the 2025 China Film Festival in Russia (organiser CMG,
// partner VGTRK) through the events service, so it passes the same checks
// as any programme. My Country, My Parents has no rights on record, so its
// screening carries a visible no_rights check; the demo is published with
// an override that says so.
func loadEvents(ctx context.Context, st Stores) error {
	es, ok := st.(interface {
		events.Store
		events.RightsSource
		events.TitleGetter
	})
	if !ok {
		return fmt.Errorf("demo events: the store does not keep events")
	}
	if _, err := es.EventBySlug(ctx, FestivalSlug); err == nil {
		return nil
	} else if !apperr.Is(err, apperr.NotFound) {
		return err
	}
	if err := festivalRights(ctx, st); err != nil {
		return err
	}
	svc := events.NewService(events.Deps{Store: es, Titles: catalog.NewService(st), TitleGet: es, Rights: es,
		Orgs: orgGetter{st}})
	cm := auth.WithPrincipal(ctx, &auth.Principal{Org: "cmg", Role: auth.RoleAdmin, Name: "demo"})
	loc := map[string]events.EventLocalization{
		"en":      {Name: "2025 China Film Festival in Russia", Description: demoNote["en"]},
		"ru":      {Name: "Фестиваль китайского кино в России 2025", Description: demoNote["ru"]},
		"zh-Hans": {Name: "2025俄罗斯中国电影节", Description: demoNote["zh-Hans"]},
	}
	e, err := svc.Create(cm, events.EventInput{Kind: events.Festival, Localizations: loc, Partners: []string{"vgtrk"},
		Country: "RU", Start: "2025-09-10", End: "2025-09-20", Timezone: "Europe/Moscow", Slug: FestivalSlug})
	if err != nil {
		return fmt.Errorf("demo festival: %w", err)
	}
	lat1, lon1, lat2, lon2 := 55.7527, 37.5876, 59.9343, 30.3351
	moscow, err := svc.AddVenue(cm, e.ID, events.VenueInput{City: "Москва", Country: "RU", Timezone: "Europe/Moscow",
		Latitude: &lat1, Longitude: &lon1, Screens: []events.ScreenInput{{Name: "Зал 1", Capacity: 300, Formats: []string{"dcp", "file"}}},
		Localizations: map[string]events.VenueLocalization{
			"ru": {Name: "Кинотеатр «Октябрь» (демо)", Address: "ул. Новый Арбат, 24"},
			"en": {Name: "Oktyabr Cinema (demo)", Address: "24 Novy Arbat St"}, "zh-Hans": {Name: "十月电影院（演示）", Address: "新阿尔巴特街24号"}}})
	if err != nil {
		return fmt.Errorf("demo venue: %w", err)
	}
	spb, err := svc.AddVenue(cm, e.ID, events.VenueInput{City: "Санкт-Петербург", Country: "RU", Timezone: "Europe/Moscow",
		Latitude: &lat2, Longitude: &lon2, Screens: []events.ScreenInput{{Name: "Большой зал", Capacity: 450, Formats: []string{"dcp"}}},
		Localizations: map[string]events.VenueLocalization{
			"ru": {Name: "Дом кино (демо)", Address: "Караванная ул., 12"},
			"en": {Name: "House of Cinema (demo)", Address: "12 Karavannaya St"}, "zh-Hans": {Name: "电影之家（演示）", Address: "卡拉万纳亚街12号"}}})
	if err != nil {
		return fmt.Errorf("demo venue: %w", err)
	}
	for _, s := range []struct {
		title   string
		venue   *events.Venue
		start   string
		minutes int
	}{
		{"My Country, My Parents", moscow, "2025-09-12T19:00", 157},
		{"Detective Chinatown 1900", moscow, "2025-09-13T19:00", 136},
		{"The Sinking of the Lisbon Maru", spb, "2025-09-14T18:30", 125},
	} {
		if _, err := svc.AddScreening(cm, e.ID, events.ScreeningInput{Title: TitleID(s.title), Venue: s.venue.ID,
			Screen: s.venue.Screens[0].ID, Start: s.start, RuntimeMinutes: s.minutes, AudioLanguage: "zh",
			Intro: s.title == "My Country, My Parents", TicketURL: "https://example.org/tickets/" + FestivalSlug}); err != nil {
			return fmt.Errorf("demo screening %s: %w", s.title, err)
		}
	}
	_, err = svc.Publish(cm, e.ID, events.PublishInput{
		OverrideReason: "Demo: festival rights for My Country, My Parents are still to be requested."}, "")
	return err
}

// festivalRights records CMG's (invented) festival window for The Sinking
// of the Lisbon Maru in Russia; Detective Chinatown 1900 is covered by the
// demo's worldwide holding. My Country, My Parents keeps no rights (other
// demo tests rely on one title without any).
func festivalRights(ctx context.Context, st Stores) error {
	rs, ok := st.(rights.Store)
	if !ok {
		return fmt.Errorf("demo rights: the store does not keep rights")
	}
	titleID := TitleID("The Sinking of the Lisbon Maru")
	h := &rights.Holding{ID: uuid.NewSHA1(namespace, []byte("The Sinking of the Lisbon Maru/demo:festival")).String(), TitleID: titleID,
		Holder: "cmg", AvailID: "demo:festival", CreatedAt: time.Now().UTC().Truncate(time.Microsecond), CreatedBy: demoCreatedBy,
		Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.Festival}, Start: "2025-09-01", End: ptr("2025-09-30")}}
	if _, err := h.Terms.Normalize(); err != nil {
		return err
	}
	return rs.RightsChange(ctx, titleID, func(f *rights.Family) (*rights.Change, error) {
		for _, x := range f.Holdings {
			if x.ID == h.ID {
				return nil, nil
			}
		}
		h.Status = rights.HoldingStatusFor(f, h, nil)
		return &rights.Change{AddHoldings: []*rights.Holding{h}}, nil
	})
}

// orgGetter adapts the org store to the events service.
type orgGetter struct{ st org.Store }

func (o orgGetter) OrgGet(ctx context.Context, slug string) (*org.Organisation, error) {
	return o.st.OrgGet(ctx, slug)
}

package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/people"
)

// ExchangeID returns the id of a demo exchange programme by its key.
func ExchangeID(key string) string { return uuid.NewSHA1(namespace, []byte("exchange:"+key)).String() }

// demoStaff are invented VGTRK editors for the demo secondment; their names
// and biographies say they are demo data.
var demoStaff = []Person{
	{"vgtrk", people.PersonFields{
		Org: "vgtrk", Roles: []people.PersonRole{"editor"}, Languages: []string{"ru"}, Visibility: catalog.VisibilityPartners,
		Localizations: map[string]people.PersonName{
			"ru":      {Name: "Анна Лебедева (демо)", Biography: "Вымышленный сотрудник для демонстрации."},
			"en":      {Name: "Anna Lebedeva (demo)", Biography: "Invented person for the demo."},
			"zh-Hans": {Name: "安娜·列别杰娃（演示）", Biography: "演示用虚构人物。"},
		},
	}},
	{"vgtrk", people.PersonFields{
		Org: "vgtrk", Roles: []people.PersonRole{"editor"}, Languages: []string{"ru"}, Visibility: catalog.VisibilityPartners,
		Localizations: map[string]people.PersonName{
			"ru":      {Name: "Павел Орлов (демо)", Biography: "Вымышленный сотрудник для демонстрации."},
			"en":      {Name: "Pavel Orlov (demo)", Biography: "Invented person for the demo."},
			"zh-Hans": {Name: "帕维尔·奥尔洛夫（演示）", Biography: "演示用虚构人物。"},
		},
	}},
}

// demoExchange is a programme, the state it reached and its participants
// (English person names) with their status and itinerary.
type demoExchange struct {
	key    string
	sender string
	fields exchange.ProgrammeFields
	states []exchange.State
	people []demoParticipant
}

type demoParticipant struct {
	en        string
	status    exchange.ParticipantStatus
	itinerary []exchange.Item
}

var demoExchanges = []demoExchange{{
	// The event of shared/demo/facts.md: only what the report says. Shen
	// Haixiong led CMG's side; Oleg Dobrodeev headed the host, VGTRK.
	key: "moscow-2025-05-07", sender: "cmg", states: []exchange.State{exchange.Open, exchange.Running, exchange.Completed},
	fields: exchange.ProgrammeFields{Kind: "delegation", Host: "vgtrk", City: "Moscow", Country: "RU", Start: "2025-05-07", End: "2025-05-07", Places: 1,
		Localizations: map[string]exchange.Text{
			"en": {Title: "CMG delegation to the cultural exchange event in Moscow",
				Purpose: "Cultural exchange event of CMG and VGTRK marking the 80th anniversary of the victory in the Chinese People's War of Resistance Against Japanese Aggression and the Soviet Union's Great Patriotic War. Hosted by VGTRK (CEO Oleg Dobrodeev). Areas of cooperation named: content exchange, technological innovation, personnel exchanges."},
			"zh-Hans": {Title: "中央广播电视总台代表团赴莫斯科参加文化交流活动",
				Purpose: "中央广播电视总台与全俄国家电视广播公司纪念中国人民抗日战争暨苏联伟大卫国战争胜利80周年文化交流活动。接待方：全俄国家电视广播公司（总裁奥列格·多布罗杰耶夫）。合作领域：内容交流、技术创新、人员交流。"},
			"ru": {Title: "Делегация CMG на мероприятии культурного обмена в Москве",
				Purpose: "Мероприятие культурного обмена CMG и ВГТРК к 80-летию Победы в войне сопротивления китайского народа японским захватчикам и в Великой Отечественной войне. Принимающая сторона — ВГТРК (генеральный директор Олег Добродеев). Направления сотрудничества: обмен контентом, технологические инновации, обмен персоналом."},
		}},
	people: []demoParticipant{{en: "Shen Haixiong", status: exchange.Accepted}},
}, {
	// Invented: a secondment of two VGTRK editors to CMG, marked as demo data.
	key: "secondment-demo", sender: "vgtrk", states: []exchange.State{exchange.Open},
	fields: exchange.ProgrammeFields{Kind: "secondment", Host: "cmg", City: "Beijing", Country: "CN", Start: "2027-03-01", End: "2027-03-14", Places: 1,
		Localizations: map[string]exchange.Text{
			"en":      {Title: "Newsroom secondment (demo data)", Purpose: "Invented programme for the demo: two weeks at CMG's international news desk."},
			"ru":      {Title: "Командирование в редакцию новостей (демо)", Purpose: "Вымышленная программа для демонстрации: две недели в международной редакции CMG."},
			"zh-Hans": {Title: "新闻编辑部借调（演示数据）", Purpose: "演示用虚构项目：在总台国际新闻部工作两周。"},
		}},
	people: []demoParticipant{
		{en: "Anna Lebedeva (demo)", status: exchange.Accepted, itinerary: []exchange.Item{
			{Kind: "departure", Start: "2027-02-28T20:15", Timezone: "Europe/Moscow", Localizations: map[string]exchange.ItemText{
				"en": {Title: "Flight to Beijing (demo)", Place: "Sheremetyevo"}, "ru": {Title: "Вылет в Пекин (демо)", Place: "Шереметьево"}, "zh-Hans": {Title: "飞往北京（演示）", Place: "谢列梅捷沃机场"}}},
			{Kind: "arrival", Start: "2027-03-01T09:40", Timezone: "Asia/Shanghai", Localizations: map[string]exchange.ItemText{
				"en": {Title: "Arrival in Beijing (demo)", Place: "Beijing Capital Airport"}, "ru": {Title: "Прилёт в Пекин (демо)", Place: "Аэропорт Шоуду"}, "zh-Hans": {Title: "抵达北京（演示）", Place: "北京首都国际机场"}}},
			{Kind: "meeting", Start: "2027-03-02T10:00", End: "2027-03-02T12:00", Timezone: "Asia/Shanghai", Localizations: map[string]exchange.ItemText{
				"en": {Title: "Welcome at the news desk (demo)"}, "ru": {Title: "Знакомство с редакцией (демо)"}, "zh-Hans": {Title: "新闻部欢迎会（演示）"}}},
			{Kind: "departure", Start: "2027-03-14T13:30", Timezone: "Asia/Shanghai", Localizations: map[string]exchange.ItemText{
				"en": {Title: "Flight to Moscow (demo)"}, "ru": {Title: "Вылет в Москву (демо)"}, "zh-Hans": {Title: "返回莫斯科（演示）"}}},
		}},
		{en: "Pavel Orlov (demo)", status: exchange.Nominated},
	},
}}

// loadExchanges creates the demo programmes that are missing, when the
// store keeps exchanges. Public profile fields only: no private data.
func loadExchanges(ctx context.Context, st Stores) error {
	xs, ok := st.(exchange.Store)
	if !ok {
		return nil
	}
	if err := createPeople(ctx, st, demoStaff); err != nil {
		return err
	}
	for _, dx := range demoExchanges {
		id := ExchangeID(dx.key)
		if _, err := xs.ExchangeGet(ctx, id); err == nil {
			continue
		} else if !apperr.Is(err, apperr.NotFound) {
			return err
		}
		if err := createExchange(ctx, xs, id, dx); err != nil {
			return fmt.Errorf("demo exchange %s: %w", dx.key, err)
		}
	}
	return nil
}

func createExchange(ctx context.Context, xs exchange.Store, id string, dx demoExchange) error {
	f := dx.fields
	f.Localizations = make(map[string]exchange.Text, len(dx.fields.Localizations))
	for k, v := range dx.fields.Localizations {
		f.Localizations[k] = v
	}
	if err := f.Normalize(); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	e := &exchange.Exchange{ID: id, Sender: dx.sender, ProgrammeFields: f, State: exchange.Proposed, Version: 1, CreatedBy: "demo", CreatedAt: now, UpdatedAt: now}
	if err := xs.ExchangeCreate(ctx, e, "demo"); err != nil {
		return err
	}
	for i, dp := range dx.people {
		p := &exchange.Participant{ID: ExchangeID(dx.key + ":" + dp.en), ExchangeID: id, PersonID: PersonID(dp.en), Status: exchange.Nominated,
			Itinerary: []exchange.Item{}, Version: 1, CreatedAt: now.Add(time.Duration(i) * time.Microsecond), UpdatedAt: now}
		if err := xs.ParticipantCreate(ctx, e, p, "demo"); err != nil {
			return err
		}
		e.Participants = append(e.Participants, p)
		if dp.status == exchange.Nominated {
			continue
		}
		items, err := exchange.NormalizeItinerary(dp.itinerary)
		if err != nil {
			return err
		}
		p.Status, p.Itinerary, p.Version = dp.status, items, 2
		if err := xs.ParticipantUpdate(ctx, e, p, exchange.EventAccepted, e.Host, "demo"); err != nil {
			return err
		}
	}
	for _, s := range dx.states {
		e.State, e.Version = s, e.Version+1
		event := map[exchange.State]string{exchange.Open: exchange.EventOpened, exchange.Running: exchange.EventRunning, exchange.Completed: exchange.EventCompleted}[s]
		if s == exchange.Completed {
			// The event was on one day; the programme closed the next.
			at, _ := time.Parse(time.DateOnly, e.End)
			at = at.AddDate(0, 0, 1)
			e.CompletedAt = &at
		}
		if err := xs.ExchangeUpdate(ctx, e, event, e.Host, "demo"); err != nil {
			return err
		}
	}
	return nil
}

// createPeople creates the listed demo people that are missing.
func createPeople(ctx context.Context, st Stores, list []Person) error {
	ps, ok := st.(people.Store)
	if !ok {
		return nil
	}
	for _, dp := range list {
		en := dp.Localizations["en"].Name
		id := PersonID(en)
		if _, err := ps.PersonGet(ctx, id); err == nil {
			continue
		} else if !apperr.Is(err, apperr.NotFound) {
			return err
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		p := &people.Person{ID: id, Owner: dp.Owner, PersonFields: dp.PersonFields, Version: 1, CreatedAt: now, UpdatedAt: now}
		p.Localizations = make(map[string]people.PersonName, len(dp.Localizations))
		for k, v := range dp.Localizations {
			p.Localizations[k] = v
		}
		if err := p.Normalize(); err != nil {
			return fmt.Errorf("demo person %s: %w", en, err)
		}
		if err := ps.PersonCreate(ctx, p); err != nil {
			return fmt.Errorf("demo person %s: %w", en, err)
		}
	}
	return nil
}

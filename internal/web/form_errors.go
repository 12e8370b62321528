package web

import "strings"

// The catalogue's and the member form's rule codes are worded by the web
// like the text rule's, as input.<code> messages (locales/formerrors.*.json),
// so a refused title or member is explained in the reader's language.
// (One string, so the message-id scan does not take codes for message ids.)
func init() {
	inputCodes = append(inputCodes, strings.Fields(`catalog.kind langtag.empty langtag.invalid catalog.year
		catalog.runtime catalog.visibility catalog.season_parent catalog.season_number catalog.episode_parent
		catalog.episode_number catalog.no_parent catalog.not_numbered catalog.season_episode country.invalid
		catalog.controlled catalog.producer catalog.producer_unknown catalog.eidr catalog.isan catalog.imdb
		catalog.alt_scheme catalog.credit_role catalog.credit_name catalog.release_type date.partial
		catalog.localization_required catalog.localization_duplicate text.required text.length text.too_long
		email.invalid email.taken role.invalid`)...)
}

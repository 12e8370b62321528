package store

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ncruces/go-sqlite3"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// interpretError maps driver errors to apperr codes in one place, so callers
// can tell a uniqueness clash from a lost connection on either engine.
func interpretError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "not found")
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return &apperr.Error{Code: apperr.Conflict, Message: "already exists: " + pgErr.ConstraintName}
		case "23503":
			return &apperr.Error{Code: apperr.Conflict, Message: "refers to or is referred to by other records: " + pgErr.ConstraintName}
		case "40001", "40P01":
			return &apperr.Error{Code: apperr.Conflict, Message: "concurrent change; retry"}
		case "22021", "22P05":
			// A NUL or invalid byte reached a query (e.g. in an id): the domain's
			// text rule keeps them out of stored text; this keeps a lookup from being a 500.
			return &apperr.Error{Code: apperr.Invalid, Message: "the request contains a character that cannot be stored (NUL or invalid UTF-8)"}
		}
		return err
	}
	var sqErr *sqlite3.Error
	if errors.As(err, &sqErr) {
		switch sqErr.ExtendedCode() {
		case sqlite3.CONSTRAINT_UNIQUE, sqlite3.CONSTRAINT_PRIMARYKEY:
			return &apperr.Error{Code: apperr.Conflict, Message: "already exists: " + constraintDetail(sqErr.Error())}
		case sqlite3.CONSTRAINT_FOREIGNKEY:
			return &apperr.Error{Code: apperr.Conflict, Message: "refers to or is referred to by other records"}
		}
	}
	return err
}

func constraintDetail(msg string) string {
	if _, after, ok := strings.Cut(msg, "failed: "); ok {
		return after
	}
	return msg
}

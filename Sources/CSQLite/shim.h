#ifndef GEOPROFILE_CSQLITE_SHIM_H
#define GEOPROFILE_CSQLITE_SHIM_H
#include <sqlite3.h>

/// Turns on SQLITE_DBCONFIG_DEFENSIVE for `db`: no writes to the schema or to shadow tables,
/// even by a crafted file. sqlite3_db_config() is variadic, which Swift cannot call.
/// Returns SQLITE_OK when the mode is on afterwards, otherwise an SQLite error code.
static inline int geoprofile_sqlite_enable_defensive(sqlite3 *db) {
    int state = 0;
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &state);
    if (rc != SQLITE_OK) return rc;
    return state == 1 ? SQLITE_OK : SQLITE_ERROR;
}

/// Whether SQLITE_DBCONFIG_DEFENSIVE is on for `db`: 1 on, 0 off, -1 when it cannot be asked.
static inline int geoprofile_sqlite_defensive_state(sqlite3 *db) {
    int state = -1;
    if (sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &state) != SQLITE_OK) return -1;
    return state;
}
#endif

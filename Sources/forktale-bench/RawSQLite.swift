import Foundation
import GRDBSQLite

/// The smallest raw sqlite3 connection the baselines need: the C API with prepared
/// statements, nothing from GRDB.
final class RawSQLite {
    private var db: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
            throw RawError(message: "cannot open \(path)")
        }
        sqlite3_busy_timeout(db, 5000)
    }

    deinit { sqlite3_close_v2(db) }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw error() }
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK else {
            throw error()
        }
        return Statement(db: db, handle: statement)
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(db) }

    func int(_ sql: String) throws -> Int64 {
        let statement = try prepare(sql)
        guard sqlite3_step(statement.handle) == SQLITE_ROW else { throw error() }
        return sqlite3_column_int64(statement.handle, 0)
    }

    private func error() -> RawError { RawError(message: String(cString: sqlite3_errmsg(db))) }

    final class Statement {
        let db: OpaquePointer?
        let handle: OpaquePointer?

        init(db: OpaquePointer?, handle: OpaquePointer?) {
            self.db = db
            self.handle = handle
        }

        deinit { sqlite3_finalize(handle) }

        func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
        func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

        /// Binds text, runs the statement once and resets it. Strings are bound without a
        /// copy (SQLITE_STATIC) while `withCString` keeps them alive: the fastest honest form.
        func run(texts: [(Int32, String)]) throws {
            try bindTexts(texts[...])
        }

        private func bindTexts(_ texts: ArraySlice<(Int32, String)>) throws {
            guard let (index, text) = texts.first else {
                let result = sqlite3_step(handle)
                sqlite3_reset(handle)
                guard result == SQLITE_DONE else { throw RawError(message: String(cString: sqlite3_errmsg(db))) }
                return
            }
            try text.withCString { pointer in
                sqlite3_bind_text(handle, index, pointer, -1, nil)
                try bindTexts(texts.dropFirst())
            }
        }
    }
}

struct RawError: Error, CustomStringConvertible {
    var message: String
    var description: String { "sqlite3: \(message)" }
}

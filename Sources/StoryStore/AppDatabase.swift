import Foundation
import GRDB
import Logging
import StoryCore

/// The one owner of Forktale's SQLite database.
///
/// Every write is a named method; reads are named queries. A file database is a
/// `DatabasePool` (WAL, readers beside the writer); tests use an in-memory `DatabaseQueue`.
public final class AppDatabase: Sendable {
    /// Internal so tests can check the schema with raw SQL; nothing outside StoryStore writes.
    let writer: any DatabaseWriter
    /// The file, or nil for an in-memory database.
    public let path: String?
    /// The clock that stamps rows; injected so tests can fix it.
    let now: @Sendable () -> Date

    init(writer: any DatabaseWriter, path: String?, now: @escaping @Sendable () -> Date) throws {
        self.writer = writer
        self.path = path
        self.now = now
        try Schema.migrator.migrate(writer)
    }

    /// A fresh, migrated database in memory, for tests and benchmarks.
    public static func inMemory(now: @escaping @Sendable () -> Date = Date.init) throws -> AppDatabase {
        try AppDatabase(writer: DatabaseQueue(configuration: configuration()), path: nil, now: now)
    }

    /// The settings every connection gets: foreign keys on, a 5 s busy timeout,
    /// `synchronous=NORMAL` (safe with WAL: a crash loses no committed transaction's
    /// integrity, at most the last ones on power loss).
    static func configuration(readonly: Bool = false) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.readonly = readonly
        configuration.label = "forktale"
        if !readonly {
            configuration.prepareDatabase { db in
                try db.execute(sql: writerPragmas)
            }
        }
        return configuration
    }

    /// What every connection sets beyond GRDB's own settings (foreign keys, WAL, busy
    /// timeout): `synchronous=NORMAL`, and a 32 MB page cache so that storing a large story
    /// does not spill pages to the WAL in the middle of its transaction. The benchmark
    /// baseline runs the same.
    public static let writerPragmas = "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768"

    /// The schema version this build writes.
    public static var schemaVersion: Int { Schema.version }
}

extension AppDatabase {
    /// Runs a write in a transaction; a database error comes out as a `StoreError`.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try translatingErrors { try writer.write(updates) }
    }

    /// Runs a read; a database error comes out as a `StoreError`.
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        try translatingErrors { try writer.read(value) }
    }

    /// The one place where GRDB's errors become Forktale's: a one-line `StoreError` that
    /// says what to do (never SQL), with the whole error in the log.
    func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        try Self.translatingErrors(path: path ?? "the library", body)
    }

    static func translatingErrors<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            let translated = StoreError(error, path: path)
            log.error("\(translated): \(error)")
            throw translated
        }
    }

    static let log = Logger(label: "forktale.store")

    var timestamp: String { Timestamp.string(from: now()) }
}

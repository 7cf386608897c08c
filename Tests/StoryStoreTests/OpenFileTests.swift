import Foundation
import GRDB
@testable import StoryStore
import TestSupport
import Testing

@Suite("Opening database files")
struct OpenFileTests {
    @Test("a new database is 0600 in a new 0700 folder, and so are its -wal and -shm")
    func fileModes() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("data/forktale/forktale.sqlite")
        let store = try AppDatabase.openFile(at: path, createFolder: true)
        try store.createProfile(named: "Reader")
        #expect(fileMode(folder.file("data")) == 0o700)
        #expect(fileMode(folder.file("data/forktale")) == 0o700)
        #expect(fileMode(path) == 0o600)
        #expect(fileMode(path + "-wal") == 0o600)
        #expect(fileMode(path + "-shm") == 0o600)
    }

    @Test("a missing folder is an error unless Forktale may create it")
    func missingFolder() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("nowhere/forktale.sqlite")
        #expect(throws: StoreError.folderMissing(folder.file("nowhere"))) {
            try AppDatabase.openFile(at: path)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("nowhere")))
    }

    @Test("a folder given as the database is refused")
    func folderAsFile() throws {
        let folder = try TemporaryFolder()
        #expect(throws: StoreError.fileIsAFolder(folder.path)) { try AppDatabase.openFile(at: folder.path) }
    }

    /// Asserts that opening `path` throws `expected` and leaves the file byte for byte as it
    /// was, with no -wal or -shm file that was not there before.
    func expectRefusedUnchanged(_ path: String, _ expected: StoreError) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let companions = ["-wal", "-shm"].map { path + $0 }.filter { !FileManager.default.fileExists(atPath: $0) }
        #expect(throws: expected) { try AppDatabase.openFile(at: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        for file in companions { #expect(!FileManager.default.fileExists(atPath: file), "\(file) was made by a refusal") }
    }

    @Test("a file that is not SQLite is refused and left unchanged")
    func notADatabase() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("notes.sqlite")
        try Data("Dear diary, today the fox found a lantern.\n".utf8).write(to: URL(fileURLWithPath: path))
        try expectRefusedUnchanged(path, .notADatabase(path))
    }

    @Test("a damaged SQLite file is refused and left unchanged")
    func damaged() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("damaged.sqlite")
        var bytes = Data("SQLite format 3\0".utf8)
        bytes.append(Data(repeating: 0xAB, count: 4096))
        try bytes.write(to: URL(fileURLWithPath: path))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try AppDatabase.openFile(at: path)
        } throws: { error in
            if case .damaged(let p, _) = error as? StoreError { return p == path }
            return false
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("another program's SQLite database is refused and left unchanged")
    func otherProgram() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("recipes.sqlite")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO recipes (name) VALUES ('soup')")
        }
        try expectRefusedUnchanged(path, .notForktaleDatabase(path))
    }

    @Test("a database from a newer Forktale is refused and left unchanged")
    func newerSchema() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("future.sqlite")
        do {
            let store = try AppDatabase.openFile(at: path)
            try store.writer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99'); PRAGMA user_version = 99")
            }
            try store.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        }
        try expectRefusedUnchanged(path, .newerSchema(path, found: "99: v1, v2, v3, v4, v5, v6, v7, v99"))
    }

    @Test("errors say what is wrong and what to do, on one line")
    func messages() {
        for error in [StoreError.folderMissing("/x"), .notADatabase("/x/f"), .newerSchema("/x/f", found: "2"),
                      .folderNotWritable("/x"), .fileNotWritable("/x/f"), .notForktaleDatabase("/x/f"), .notAFile("/dev/null"),
                      .diskFull("/x/f"), .corrupt("/x/f"), .unusable("/x/f", reason: "disk I/O error")] {
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains(":"), "no advice in: \(error)")
        }
    }

    @Test("SQLite's errors become one line naming the file, never the statement")
    func translated() {
        let cases: [(ResultCode, StoreError)] = [
            (.SQLITE_IOERR, .unusable("/x/f", reason: "disk I/O error")), (.SQLITE_BUSY, .busy("/x/f")),
            (.SQLITE_FULL, .diskFull("/x/f")), (.SQLITE_CORRUPT, .corrupt("/x/f")), (.SQLITE_READONLY, .fileNotWritable("/x/f")),
        ]
        for (code, expected) in cases {
            let raw = DatabaseError(resultCode: code, message: "disk I/O error", sql: "COMMIT TRANSACTION")
            let error = StoreError(raw, path: "/x/f")
            #expect(error == expected)
            #expect(!error.description.contains("COMMIT") && !error.description.contains("SQLite error"))
        }
    }

    @Test("a device or a pipe given as the database is refused before SQLite touches it")
    func device() {
        #expect(throws: StoreError.notAFile("/dev/null")) { try AppDatabase.openFile(at: "/dev/null") }
    }
}

import Foundation
import GRDB

/// What can go wrong when opening or writing the store, worded as one line that says what
/// is wrong and what to do.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case folderMissing(String)
    case notAFolder(String)
    case cannotCreateFolder(String, reason: String)
    case folderNotWritable(String)
    case cannotCreateFile(String, reason: String)
    case fileIsAFolder(String)
    case notAFile(String)
    case fileNotWritable(String)
    case notADatabase(String)
    case notForktaleDatabase(String)
    case newerSchema(String, found: String)
    case damaged(String, detail: String)
    case busy(String)
    case diskFull(String)
    case corrupt(String)
    case unusable(String, reason: String)
    case duplicate(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .folderMissing(let path):
            "The folder \(path) does not exist: create it, or choose another place with --db."
        case .notAFolder(let path):
            "\(path) is not a folder: choose another place for the database with --db."
        case .cannotCreateFolder(let path, let reason):
            "Cannot create the folder \(path) (\(reason)): check its parent's permissions, or choose another place with --db."
        case .folderNotWritable(let path):
            "The folder \(path) is read-only: make it writable (chmod u+w), or choose another place with --db."
        case .cannotCreateFile(let path, let reason):
            "Cannot create the database \(path) (\(reason)): check the folder's permissions, or choose another place with --db."
        case .fileIsAFolder(let path):
            "\(path) is a folder, not a database file: give the path of a file with --db."
        case .notAFile(let path):
            "\(path) is not a regular file (a device, a pipe or a socket): give the path of a file with --db."
        case .fileNotWritable(let path):
            "The database \(path) is read-only: make it writable (chmod 600), or copy it somewhere writable."
        case .notADatabase(let path):
            "\(path) is not an SQLite database; it was left untouched: choose another file with --db."
        case .notForktaleDatabase(let path):
            "\(path) is an SQLite database of another program; it was left untouched: choose another file with --db."
        case .newerSchema(let path, let found):
            "\(path) was written by a newer Forktale (schema \(found)); it was left untouched: update Forktale to open it."
        case .damaged(let path, let detail):
            "\(path) is damaged (\(detail)); it was left untouched: restore it from a backup, or choose another file with --db."
        case .busy(let path):
            "Another Forktale has kept \(path) busy for too long: try again, or stop the other process."
        case .diskFull(let path):
            "The disk holding \(path) is full: free some space, then try again."
        case .corrupt(let path):
            "\(path) is damaged: run 'forktale doctor', and restore it from a backup if it says so."
        case .unusable(let path, let reason):
            "Cannot read or write \(path) (\(reason)): check the disk and the file, then try again."
        case .duplicate(let what), .invalid(let what):
            what
        }
    }
}

extension StoreError {
    /// What SQLite said, as one line for a person: the result code decides, and only
    /// SQLite's own message (never the statement) may appear in it.
    init(_ error: DatabaseError, path: String) {
        switch error.resultCode {
        case .SQLITE_CONSTRAINT: self = .invalid("The database refused the change: \(error.message ?? "a constraint failed").")
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path)
        case .SQLITE_FULL: self = .diskFull(path)
        case .SQLITE_READONLY: self = .fileNotWritable(path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .corrupt(path)
        default: self = .unusable(path, reason: error.message ?? "SQLite error \(error.resultCode.rawValue)")
        }
    }
}

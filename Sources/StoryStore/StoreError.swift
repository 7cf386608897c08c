import Foundation

/// What can go wrong when opening or writing the store, worded as one line that says what
/// is wrong and what to do.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case folderMissing(String)
    case notAFolder(String)
    case cannotCreateFolder(String, reason: String)
    case folderNotWritable(String)
    case cannotCreateFile(String, reason: String)
    case fileIsAFolder(String)
    case fileNotWritable(String)
    case notADatabase(String)
    case notForktaleDatabase(String)
    case newerSchema(String, found: String)
    case damaged(String, detail: String)
    case busy(String)
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
            "Another Forktale has been opening \(path) for too long: try again, or stop the other process."
        case .duplicate(let what), .invalid(let what):
            what
        }
    }
}

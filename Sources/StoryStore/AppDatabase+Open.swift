import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension AppDatabase {
    /// Opens (or creates) the database file at `path` and brings its schema up to date.
    ///
    /// Nothing is written to a file that is not a Forktale database, or that a newer Forktale
    /// wrote: those are refused with a `StoreError` before any write connection opens.
    /// A new file is created readable by its owner only (0600; SQLite gives its `-wal` and
    /// `-shm` files the same mode). When `createFolder` is set, a missing folder is made with
    /// mode 0700; otherwise a missing folder is an error.
    public static func openFile(
        at path: String, createFolder: Bool = false, now: @escaping @Sendable () -> Date = Date.init
    ) throws -> AppDatabase {
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        let folder = (path as NSString).deletingLastPathComponent
        try prepareFolder(folder, create: createFolder)
        // Two processes opening a new file at once would both migrate it: the folder lock
        // makes opening one at a time. It is held only while opening.
        return try FolderLock.holding(folder, database: path) {
            let companions = ["-wal", "-shm"].map { path + $0 }.filter { !FileManager.default.fileExists(atPath: $0) }
            do {
                if try !inspectExisting(path) {
                    try createEmptyFile(path)
                }
            } catch {
                // A refusal leaves no new file: the read-only look at a WAL database makes its
                // -wal and -shm files, which nothing was written to.
                let wal = path + "-wal"
                if (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0 == 0 {
                    for file in companions { unlink(file) }
                }
                throw error
            }
            return try translatingErrors(path: path) {
                try AppDatabase(writer: DatabasePool(path: path, configuration: configuration()), path: path, now: now)
            }
        }
    }

    /// Makes sure `folder` exists (creating it 0700 when asked) and is writable.
    static func prepareFolder(_ folder: String, create: Bool) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw StoreError.notAFolder(folder) }
        } else {
            guard create else { throw StoreError.folderMissing(folder) }
            try makeFolder(folder)
        }
        guard access(folder, W_OK | X_OK) == 0 else { throw StoreError.folderNotWritable(folder) }
    }

    /// `mkdir -p` where every folder made is 0700.
    private static func makeFolder(_ folder: String) throws {
        let parent = (folder as NSString).deletingLastPathComponent
        if parent != folder, !FileManager.default.fileExists(atPath: parent) {
            try makeFolder(parent)
        }
        if mkdir(folder, 0o700) != 0, errno != EEXIST {
            throw StoreError.cannotCreateFolder(folder, reason: String(cString: strerror(errno)))
        }
    }

    /// Checks a file that is already there without writing to it. Returns false when
    /// there is no file yet.
    static func inspectExisting(_ path: String) throws -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw StoreError.fileIsAFolder(path) }
        if (info.st_mode & S_IFMT) != S_IFREG { throw StoreError.notAFile(path) }
        if info.st_size == 0 {
            guard access(path, W_OK) == 0 else { throw StoreError.fileNotWritable(path) }
            return true  // SQLite takes an empty file as an empty database.
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.damaged(path, detail: "it cannot be read")
        }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        guard header == Data("SQLite format 3\0".utf8) else { throw StoreError.notADatabase(path) }

        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
        } catch {
            throw StoreError.damaged(path, detail: describe(error))
        }
        try queue.read { db in
            let tables: [String]
            let userVersion: Int
            do {
                tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            } catch {
                throw StoreError.damaged(path, detail: describe(error))
            }
            if tables.isEmpty { return }
            guard tables.contains("grdb_migrations") else { throw StoreError.notForktaleDatabase(path) }
            let migrator = Schema.migrator
            if try migrator.hasBeenSuperseded(db) || userVersion > Schema.version {
                let applied = try migrator.appliedIdentifiers(db).sorted().joined(separator: ", ")
                throw StoreError.newerSchema(path, found: "\(userVersion): \(applied)")
            }
        }
        guard access(path, W_OK) == 0 else { throw StoreError.fileNotWritable(path) }
        return true
    }

    private static func createEmptyFile(_ path: String) throws {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw StoreError.cannotCreateFile(path, reason: String(cString: strerror(errno)))
        }
        fchmod(fd, 0o600)
        close(fd)
    }

    private static func describe(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? String(describing: error)
    }
}

/// An exclusive `flock` on a folder, held while a database in it is opened and migrated.
///
/// The lock is on the folder, not the database file: closing any descriptor of the database
/// file would drop the POSIX locks SQLite holds on it in this process.
enum FolderLock {
    static func holding<T>(_ folder: String, database: String, timeout: TimeInterval = 10, _ body: () throws -> T) throws -> T {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.folderNotWritable(folder) }
        defer { close(fd) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else { throw StoreError.busy(database) }
            usleep(2_000)
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

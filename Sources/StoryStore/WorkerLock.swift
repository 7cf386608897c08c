import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A job runner's life as the kernel sees it: a shared lock on one byte of the file
/// `<database>-workers`, held while the runner runs and released by the kernel the moment
/// its process ends, however it ends (kill -9 included). Another process that finds the
/// byte free knows the runner is gone and takes its jobs over at once, instead of waiting
/// for its heartbeat to go stale.
///
/// The locks are open-file-description locks (`F_OFD_SETLK`), which belong to the open
/// file, not to the process: closing another descriptor of the same file does not drop
/// them, as it would drop a classic POSIX lock. They are on a file of their own, because
/// opening and closing the database file itself would drop SQLite's own POSIX locks.
public final class WorkerLock: Sendable {
    /// Names of runners that hold a lock end in this. Others (a runner of an older
    /// Forktale, or one without a file database) are judged by their heartbeat alone.
    public static let marker = "+"

    private static let getLock: Int32 = 36  // F_OFD_GETLK (Linux 3.15 and later)
    private static let setLock: Int32 = 37  // F_OFD_SETLK

    /// The runner's name, ending in `marker`.
    public let name: String
    private let descriptor: Int32

    /// Takes the lock for a runner named `base` (the marker is added); nil when the file
    /// cannot be opened or locked, and the runner then goes by its heartbeat.
    public init?(database path: String, name base: String) {
        let name = base + Self.marker
        let descriptor = open(Self.file(for: path), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        var lock = Self.range(of: name, type: F_RDLCK)
        guard fcntl(descriptor, Self.setLock, &lock) == 0 else {
            close(descriptor)
            return nil
        }
        self.name = name
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Whether the runner named `worker` is alive: nil when that cannot be told (its name
    /// has no marker, or the lock file cannot be read), and its heartbeat decides.
    public static func isAlive(_ worker: String, database path: String) -> Bool? {
        guard worker.hasSuffix(marker) else { return nil }
        let descriptor = open(file(for: path), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var probe = range(of: worker, type: F_WRLCK)
        guard fcntl(descriptor, getLock, &probe) == 0 else { return nil }
        return probe.l_type != Int16(F_UNLCK)
    }

    /// The lock file beside the database, named by its real path, so that runners that
    /// reach one database by different paths (a link, a relative path) share one file.
    static func file(for database: String) -> String {
        URL(fileURLWithPath: database).resolvingSymlinksInPath().path + "-workers"
    }

    /// One byte per name, placed by its FNV-1a hash: two names on one byte only make a
    /// dead runner look alive, and its heartbeat then decides, as before.
    private static func range(of name: String, type: Int32) -> flock {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var lock = flock()
        lock.l_type = Int16(type)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = off_t(hash & 0xFFFF_FFFF)
        lock.l_len = 1
        return lock
    }
}

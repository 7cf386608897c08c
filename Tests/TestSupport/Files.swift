import Foundation

/// A file's permission bits (`0o600`), or nil when it is missing.
public func fileMode(_ path: String) -> Int? {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_mode & 0o777) : nil
}

import Foundation

/// Where the shared corpus of real stories by other authors is (`../shared/corpus` next to
/// the project): `$FORKTALE_CORPUS`, else `shared/corpus` in the nearest folder above the
/// package, else this workplace's `/work/shared/corpus`. Tests that need it fail, naming
/// this variable, when it is nowhere.
public enum Corpus {
    public static let folder: URL = {
        if let path = ProcessInfo.processInfo.environment["FORKTALE_CORPUS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var folder = packageRoot
        while folder.path != "/" {
            folder.deleteLastPathComponent()
            let candidate = folder.appendingPathComponent("shared/corpus")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: "/work/shared/corpus")
    }()

    /// The package's root folder (this file is Tests/TestSupport/Corpus.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func url(_ path: String) throws -> URL {
        let url = folder.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CorpusMissing(path: url.path)
        }
        return url
    }

    public struct CorpusMissing: Error, CustomStringConvertible {
        var path: String
        public var description: String {
            "\(path) is missing: put the shared corpus beside the project, or set FORKTALE_CORPUS to its folder"
        }
    }
}

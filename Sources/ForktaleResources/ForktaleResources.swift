import Foundation

/// The files Forktale ships: the top-level `Assets/` and `data/` folders, found through
/// `Bundle.module` so they load wherever the program is started from.
public enum ForktaleResources {
    /// The sample library's story files (`data/*.json`), in name order.
    public static func sampleStoryFiles() -> [URL] {
        files(in: "data", withExtension: "json")
    }

    static func files(in folder: String, withExtension ext: String) -> [URL] {
        guard let url = Bundle.module.url(forResource: folder, withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: url.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".\(ext)") }.sorted().map { url.appendingPathComponent($0) }
    }
}

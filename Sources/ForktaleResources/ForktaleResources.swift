import Foundation

/// The files Forktale ships: the top-level `Assets/` and `data/` folders, found through
/// `Bundle.module` so they load wherever the program is started from.
public enum ForktaleResources {
    /// The sample library's story files (`data/*.json` and `data/*.twee`), in name order.
    public static func sampleStoryFiles() -> [URL] {
        files(in: "data", withExtensions: ["json", "twee"])
    }

    static func files(in folder: String, withExtensions extensions: Set<String>) -> [URL] {
        guard let url = Bundle.module.url(forResource: folder, withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: url.path)
        else { return [] }
        return names.filter { extensions.contains(($0 as NSString).pathExtension) }.sorted()
            .map { url.appendingPathComponent($0) }
    }
}

import Foundation

/// The files Forktale ships: the top-level `Assets/` and `data/` folders, found through
/// `Bundle.module` so they load wherever the program is started from.
public enum ForktaleResources {
    /// The sample library's story files (`data/*.json` and `data/*.twee`), in name order.
    public static func sampleStoryFiles() -> [URL] {
        files(in: "data", withExtensions: ["json", "twee"])
    }

    /// The embedded writer's theme packs (`Assets/themes/*.json`), in name order.
    public static func themeFiles() -> [URL] {
        files(in: "Assets/themes", withExtensions: ["json"])
    }

    /// A file of `Assets/`, such as `writer/traits.json`.
    public static func asset(_ path: String) -> URL? {
        Bundle.module.url(forResource: "Assets/" + path, withExtension: nil)
    }

    static func files(in folder: String, withExtensions extensions: Set<String>) -> [URL] {
        guard let url = Bundle.module.url(forResource: folder, withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: url.path)
        else { return [] }
        return names.filter { extensions.contains(($0 as NSString).pathExtension) }.sorted()
            .map { url.appendingPathComponent($0) }
    }
}

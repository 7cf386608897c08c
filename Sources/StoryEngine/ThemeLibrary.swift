import ForktaleResources
import Foundation
import StoryCore

/// The theme packs and shared lines the embedded writer works from.
public struct ThemeLibrary: Sendable {
    /// By id, in id order.
    public let themes: [ThemePack]
    /// Lines that show a hero's main trait at a challenge (`Assets/writer/traits.json`).
    public let traitMoments: [Trait: [Template]]

    public init(themes: [ThemePack], traitMoments: [Trait: [Template]]) {
        self.themes = themes.sorted { $0.id < $1.id }
        self.traitMoments = traitMoments
    }

    /// Reads packs and trait lines from files; any broken file is an error naming it.
    public init(themeFiles: [URL], traitsFile: URL) throws {
        let themes = try themeFiles.map(ThemePack.init(contentsOf:))
        var seen = Set<String>()
        for theme in themes where !seen.insert(theme.id).inserted {
            throw ThemePackError(file: "\(theme.id).json", problem: "two theme packs have the id \(theme.id)")
        }
        let raw: RawTraits
        do {
            raw = try JSONDecoder().decode(RawTraits.self, from: Data(contentsOf: traitsFile))
        } catch {
            throw ThemePackError(file: traitsFile.lastPathComponent, problem: "not a traits file: \(error)")
        }
        var moments: [Trait: [Template]] = [:]
        for trait in Trait.allCases {
            guard let lines = raw.traits[trait.rawValue], !lines.isEmpty else {
                throw ThemePackError(file: traitsFile.lastPathComponent, problem: "no lines for the trait \(trait.rawValue)")
            }
            moments[trait] = try lines.map { line in
                do {
                    let template = try Template(line)
                    if let slot = template.slots.first(where: { !Slot.heroSlots.contains($0) }) {
                        throw Template.ParseError(message: "{\(slot.rawValue)} is not allowed in a trait line")
                    }
                    return template
                } catch let error as Template.ParseError {
                    throw ThemePackError(file: traitsFile.lastPathComponent, problem: "\(trait.rawValue): \(error.message)")
                }
            }
        }
        self.init(themes: themes, traitMoments: moments)
    }

    /// The packs shipped in `Assets/`, read once.
    public static func bundled() throws -> ThemeLibrary {
        try bundledResult.get()
    }

    private static let bundledResult = Result {
        guard let traits = ForktaleResources.asset("writer/traits.json") else {
            throw ThemePackError(file: "Assets/writer/traits.json", problem: "missing from the installed resources")
        }
        return try ThemeLibrary(themeFiles: ForktaleResources.themeFiles(), traitsFile: traits)
    }

    public func theme(_ id: String) -> ThemePack? {
        themes.first { $0.id == id }
    }

    public var themeIds: [String] { themes.map(\.id) }
}

private struct RawTraits: Decodable {
    var format: String
    var traits: [String: [String]]
}

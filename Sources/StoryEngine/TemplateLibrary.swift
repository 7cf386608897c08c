import ForktaleResources
import Foundation
import StoryCore

/// The story templates Forktale ships (`Assets/templates/builtin.json`), and which theme
/// the embedded writer uses for a template.
public enum TemplateLibrary {
    /// The built-in templates, checked: every one valid, and every one names a theme.
    public static func bundled() throws -> [StoryTemplate] {
        try bundledResult.get()
    }

    private static let bundledResult = Result {
        guard let url = ForktaleResources.asset("templates/builtin.json") else {
            throw ThemePackError(file: "Assets/templates/builtin.json", problem: "missing from the installed resources")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let raw = try decoder.decode([Raw].self, from: Data(contentsOf: url))
        let library = try ThemeLibrary.bundled()
        return try raw.map { entry in
            guard let category = StoryTemplate.Category(rawValue: entry.category), let tone = StoryTemplate.Tone(rawValue: entry.tone),
                  let age = AgeRange(rawValue: entry.ageRange)
            else { throw ThemePackError(file: "builtin.json", problem: "\(entry.title): unknown category, tone or age range") }
            let template = StoryTemplate(
                title: entry.title, description: entry.description, promptSeed: entry.promptSeed, category: category,
                ageRange: age, tone: tone, keywords: entry.keywords, builtIn: true)
            try template.validate().throwFirst()
            guard library.theme(for: template) != nil else {
                throw ThemePackError(file: "builtin.json", problem: "\(entry.title): no theme for it")
            }
            return template
        }
    }

    private struct Raw: Decodable {
        var title, category, tone, ageRange, description, promptSeed: String
        var keywords: [String]
    }
}

extension ThemeLibrary {
    /// A template's theme: one whose id is among its keywords, else one for its category.
    public func theme(for template: StoryTemplate) -> String? {
        if let named = template.keywords.first(where: { theme($0) != nil }) { return named }
        let byCategory: [StoryTemplate.Category: [String]] = [
            .adventure: ["pirate-seas", "dinosaur-valley"], .fantasy: ["enchanted-forest", "dragon-mountain"],
            .science: ["space", "robot-city"], .nature: ["underwater-kingdom", "enchanted-forest"],
            .friendship: ["enchanted-forest", "robot-city"], .mystery: ["haunted-castle"],
        ]
        return byCategory[template.category]?.first { theme($0) != nil }
    }
}

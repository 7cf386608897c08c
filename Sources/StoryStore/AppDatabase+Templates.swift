import Foundation
import GRDB
import StoryCore

// MARK: - Templates

extension AppDatabase {
    public func template(id: Int64) throws -> StoryTemplate? {
        try read { db in try StoryTemplate.fetchOne(db, key: id) }
    }

    /// Every template: favourites first, then the most used, then by title.
    public func templates() throws -> [StoryTemplate] {
        try read { db in
            try StoryTemplate.order(Column("is_favorite").desc, Column("usage_count").desc, Column("title").collating(.localizedCaseInsensitiveCompare))
                .fetchAll(db)
        }
    }

    /// Adds the built-in templates this database does not have yet (by title), in one
    /// transaction. Returns how many were added.
    @discardableResult
    public func installBuiltInTemplates(_ templates: [StoryTemplate]) throws -> Int {
        try write { db in
            let present = Set(try String.fetchAll(db, sql: "SELECT title FROM story_templates WHERE built_in = 1"))
            var added = 0
            for var template in templates where !present.contains(template.title) {
                template.id = nil
                template.builtIn = true
                template.createdAt = now()
                template.updatedAt = template.createdAt
                try template.insert(db)
                added += 1
            }
            return added
        }
    }

    /// Stores a new template or a person's changes to one (built-in ones cannot change).
    @discardableResult
    public func saveTemplate(_ template: StoryTemplate) throws -> StoryTemplate {
        var template = template
        template.title = template.title.trimmingWhitespace()
        template.description = TerminalText.safe(template.description)
        template.promptSeed = TerminalText.safe(template.promptSeed)
        template.keywords = template.keywords.map { TerminalText.safe($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        try template.validate().throwFirst()
        return try write { db in
            if template.id == nil {
                template.builtIn = false
                template.usageCount = 0
                template.createdAt = now()
                template.updatedAt = template.createdAt
                try template.insert(db)
            } else {
                template.updatedAt = now()
                try template.update(db)
            }
            return template
        }
    }

    /// Deletes a person's template (the schema refuses to delete a built-in one).
    public func deleteTemplate(id: Int64) throws {
        try write { db in _ = try StoryTemplate.deleteOne(db, key: id) }
    }

    public func setTemplateFavourite(id: Int64, _ favourite: Bool) throws {
        try write { db in
            try db.execute(sql: "UPDATE story_templates SET is_favorite = ? WHERE id = ?", arguments: [favourite, id])
        }
    }
}

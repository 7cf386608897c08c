import Foundation
import StoryCore
import StoryFormats
import StoryStore

/// Brings a story file into the library: read, checked, stored in one transaction (or,
/// for a dry run, only reported). Used by `forktale import` and by the Library's `i`.
public enum LibraryImport {
    /// Why a file did not come in, in one line; `isBadInput` when the file is at fault
    /// (rather than the store).
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var isBadInput: Bool
        public var description: String { message }
    }

    public static func run(
        file: String, format: Importer.Format? = nil, dryRun: Bool = false, store: AppDatabase, profileId: Int64
    ) throws(Failure) -> ImportReport {
        let data = try contents(of: file)
        var result: ImportResult
        do {
            result = try Importer.read(data, file: file, format: format, profileId: profileId)
        } catch {
            throw Failure(message: error.message, isBadInput: true)
        }
        do {
            if try store.storyExists(uuid: result.draft.story.uuid) {
                // The same story again: keep both, the new one under a new identity.
                result.draft.story.uuid = UUID().uuidString.lowercased()
                result.report.alreadyInLibrary = true
            }
            if !dryRun {
                let draft = result.draft
                result.report.storyId = try store.insertStory(draft.story, nodes: draft.nodes, choices: draft.choices, source: result.source).id
            }
        } catch {
            throw Failure(message: "\(error)", isBadInput: false)
        }
        return result.report
    }

    static func contents(of file: String) throws(Failure) -> Data {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: file)
        } catch {
            throw Failure(message: "cannot read it: no such file", isBadInput: true)
        }
        if attributes[.type] as? FileAttributeType == .typeDirectory {
            throw Failure(message: "it is a folder, not a story file", isBadInput: true)
        }
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular, type != .typeSymbolicLink {
            throw Failure(message: "it is not a file but a device or a pipe: give a story file", isBadInput: true)
        }
        if let size = attributes[.size] as? Int, size > Importer.maxBytes {
            throw Failure(message: Importer.tooLarge(size), isBadInput: true)
        }
        guard FileManager.default.isReadableFile(atPath: file), let data = FileManager.default.contents(atPath: file) else {
            throw Failure(message: "cannot read it: permission denied", isBadInput: true)
        }
        return data
    }
}

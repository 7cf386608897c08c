import StoryCore

/// A Twine story ready to play with its state: each passage's program, and the passages
/// that run at the start and around every passage.
public struct TwineRuntime: Sendable {
    public let runner: PassageRunner
    public let start: String
    /// Macros and script that do not run, with how many passages hold each.
    public let notRun: [String: Int]

    /// Reads a Harlowe story from Twee source. (SugarCube and Chapbook come next.)
    public static func harlowe(twee: String) throws(FormatError) -> TwineRuntime {
        let source = try TweeReader.read(twee)
        var programs: [String: PassageRunner.Passage] = [:]
        var header: [String] = [], footer: [String] = [], startup: [String] = []
        var notRun: [String: Int] = [:]
        for passage in source.passages where programs[passage.name] == nil {
            let tags = passage.tags.map { $0.lowercased() }
            if tags.contains("script") || tags.contains("stylesheet") || ["StoryTitle", "StoryData"].contains(passage.name) { continue }
            let program = HarloweReader.program(passage.text)
            programs[passage.name] = PassageRunner.Passage(program: program, tags: passage.tags)
            for name in Set(program.notRun) { notRun[name, default: 0] += 1 }
            if tags.contains("header") { header.append(passage.name) }
            if tags.contains("footer") { footer.append(passage.name) }
            if tags.contains("startup") { startup.append(passage.name) }
        }
        let start = source.start ?? (programs["Start"] != nil ? "Start" : source.passages.first?.name ?? "")
        let found = programs
        return TwineRuntime(
            runner: PassageRunner(passages: { found[$0] }, header: header, footer: footer, startup: startup), start: start,
            notRun: notRun)
    }
}

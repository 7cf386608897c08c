import Foundation
import GRDB
import TestSupport
import Testing

@Suite("forktale import")
struct ImportTests {
    static var corpus: String { get throws { try Corpus.url(".").standardized.path } }

    func storyCount(_ cli: CLI) throws -> Int { try cli.json(cli.run(["stories", "list", "--json"]).stdout).count }

    @Test("every corpus file imports with a report; --json gives one array")
    func corpus() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let root = try Self.corpus
        let files = try FileManager.default.subpathsOfDirectory(atPath: root)
            .filter { $0.contains(".") && !$0.hasSuffix(".md") }.map { root + "/" + $0 }
        let result = try cli.run(["import", "--json"] + files)
        #expect(result.status == 0, "\(result.stderr)")
        let outcomes = try cli.json(result.stdout)
        #expect(outcomes.count == files.count)
        for outcome in outcomes {
            let report = try #require(outcome["report"] as? [String: Any], "\(outcome)")
            #expect(report["story_id"] as? Int != nil)
            #expect((report["passages"] as? Int ?? 0) > 0)
        }
        #expect(try storyCount(cli) == CLI.sampleCount + files.count)
    }

    @Test("the pirate captain plays to an ending in plain mode")
    func pirateCaptain() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let imported = try cli.run(["import", try Self.corpus + "/json/nexmo-community__create-your-own-adventure__pirate-captain.json"])
        #expect(imported.status == 0)
        let line = try #require(imported.stdout.split(separator: "\n").first)
        let id = try #require(line.split(separator: " ").last.map(String.init))
        #expect(line.hasPrefix("Imported \"nexmo-community__create-your-own-adventure__pirate-captain\" (JSON (states)) as story "))
        let played = try cli.run(["play", id, "--plain"], input: "1\n1\n")
        #expect(played.status == 0)
        #expect(played.stdout.contains("You're overboard now"))
        #expect(played.stdout.contains("*** The End ***\nEndings found: 1 of 4."))
    }

    @Test("Cellar Crawl plays with its state in plain mode: the key opens the door, and the Heartstone wins")
    func cellarCrawl() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let imported = try cli.run(["import", try Self.corpus + "/twee/brisberg__twine-games__cellar-crawl_combined.twee"])
        let id = try #require(imported.stdout.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        let first = try cli.run(["play", id, "--plain"], input: "1\n")
        #expect(first.stdout.contains("There is a door with a small, iron lock.") && !first.stdout.contains("Escape"))
        #expect(first.stdout.contains("You unlock the door with the Rusty Key."), "the door, clicked, shows the unlocking")
        // Resumed where it stopped, the revealed text still there; then on to the win.
        let moves = ["1", "1", "1", "2", "1", "1", "1", "2", "2", "1", "3", "2", "2", "2", "2"]
        let played = try cli.run(["play", id, "--plain"], input: moves.joined(separator: "\n") + "\n")
        #expect(played.stdout.hasPrefix("Cellar Crawl (resumed)"))
        #expect(played.stdout.contains("You take the hammer.") && played.stdout.contains("The gem feels heavy"))
        #expect(played.stdout.contains("You Win!\n\n*** The End: a winning ending! ***\nEndings found: 1 of 7."), "\(played.stdout.suffix(800))")
    }

    @Test("a story that ends where it starts counts that ending, in plain mode too")
    func onePage() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let file = cli.home + "/one.twee"
        try ":: Start\nThat is all.\n".write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try cli.run(["import", file])
        let id = try #require(imported.stdout.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        let played = try cli.run(["play", id, "--plain"], input: "")
        #expect(played.stdout.contains("*** The End ***\nEndings found: 1 of 1."), "\(played.stdout)")
    }

    @Test("--dry-run reports and stores nothing")
    func dryRun() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let before = try storyCount(cli)
        let result = try cli.run(["import", "--dry-run", try Self.corpus + "/twee/klembot__chapbook__cloak-of-darkness.twee"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Would import \"klembot__chapbook__cloak-of-darkness\" (Twee 3)\n"))
        #expect(result.stdout.contains("Could not follow:"))
        #expect(try storyCount(cli) == before)
    }

    @Test("a story already in the library is said so on a line of its own; a dry run does not say it was stored")
    func alreadyInLibrary() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let file = try Self.corpus + "/twee/brisberg__twine-games__journey_combined.tw"  // Has an IFID.
        #expect(try cli.run(["import", file]).status == 0)
        let before = try storyCount(cli)

        let dry = try cli.run(["import", "--dry-run", file])
        #expect(dry.status == 0)
        let lines = dry.stdout.split(separator: "\n").map(String.init)
        #expect(lines[2] == "  Already in the library: importing it would store a second copy.", "\(dry.stdout)")
        let notes = lines.drop { $0 != "  Could not follow:" }.dropFirst().prefix { $0.hasPrefix("    ") }
        #expect(!notes.isEmpty && !notes.contains { $0.contains("library") }, "\(dry.stdout)")
        #expect(!dry.stdout.contains("stored"))
        #expect(try storyCount(cli) == before)

        let again = try cli.run(["import", "--json", file])
        let report = try #require(try cli.json(again.stdout).first?["report"] as? [String: Any])
        #expect(report["already_in_library"] as? Bool == true)
        #expect((report["not_followed"] as? [[String: Any]])?.contains { $0["passage"] as? String == "(story)" } == false)
        let third = try cli.run(["import", file])
        #expect(third.stdout.split(separator: "\n").dropFirst(2).first == "  Already in the library: stored as a second copy.")
        #expect(try storyCount(cli) == before + 2)
    }

    @Test("bad input exits 2 with one line naming the file, and stores nothing")
    func badInput() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let before = try storyCount(cli)
        func file(_ name: String, _ bytes: Data) throws -> String {
            let path = cli.home + "/" + name
            try bytes.write(to: URL(fileURLWithPath: path))
            return path
        }
        let big = cli.home + "/huge.twee"
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 52 * 1_048_576 + 419_431)  // 52.4 MB
        try handle.close()
        let cases: [(String, String)] = [
            (try file("empty.twee", Data()), "the file is empty"),
            (try file("noise.json", Data((0..<512).map { UInt8(($0 * 7919) % 255 + 1) })), "not UTF-8 text"),
            (try file("cut.json", Data("{\n  \"passages\": [\n    {\"name\": \"A\", \"text\": \"hi\"".utf8)), "not valid JSON"),
            (try file("none.twee", Data("Just some notes, no passages.\n".utf8)), "no passages"),
            (try file("shape.json", Data(#"{"hello": 1}"#.utf8)), "unknown shape"),
            (try file("nul.twee", Data(":: Start\u{0}Hello".utf8)), "binary data (NUL bytes)"),
            (big, "the file is 52.4 MB, too large to be a story (at most 50 MB)"),
            ("/dev/zero", "not a file but a device or a pipe"),
            (cli.home + "/missing.twee", "no such file"),
        ]
        for (path, expected) in cases {
            let result = try cli.run(["import", path])
            #expect(result.status == 2, "\(path): \(result.stderr)")
            #expect(result.stderr.hasPrefix("forktale: \(path): "), "\(result.stderr)")
            #expect(result.stderr.contains(expected), "\(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1)
        }
        #expect(try storyCount(cli) == before)
    }

    @Test("a JSON story of 100,000 short passages imports in at most 10 times its size, and too little memory is said, not a crash")
    func bigJSONMemory() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let count = 100_000
        var json = #"{"format":"forktale-story","version":1,"title":"Long corridor","start":"0","nodes":["#
        for index in 0..<count {
            if index > 0 { json += "," }
            json += index < count - 1
                ? #"{"id":"\#(index)","text":"Room \#(index).","choices":[{"text":"On","to":"\#(index + 1)"}]}"#
                : #"{"id":"\#(index)","text":"The end.","is_ending":true}"#
        }
        json += "]}"
        let big = cli.home + "/corridor.json", tiny = cli.home + "/tiny.json"
        try Data(json.utf8).write(to: URL(fileURLWithPath: big))
        try Data(#"{"format":"forktale-story","version":1,"title":"T","start":"a","nodes":[{"id":"a","text":"Hi."}]}"#.utf8)
            .write(to: URL(fileURLWithPath: tiny))
        #expect(try cli.run(["stories", "list"]).status == 0, "the library exists before either import is measured")

        /// The import's peak resident memory in bytes, as the kernel counted it for the child.
        func peak(_ file: String) throws -> Int {
            let measured = try cli.run(["python3", "-c", """
                import resource, subprocess, sys
                status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
                print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
                """, CLI.products.appendingPathComponent("forktale").path, "import", file], program: "/usr/bin/env")
            let fields = measured.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            #expect(fields.first == 0, "\(measured.stdout) \(measured.stderr)")
            return (fields.last ?? 0) * 1024
        }
        let growth = try peak(big) - peak(tiny)
        #expect(growth <= 10 * json.utf8.count, "peak grew by \(growth / 1_048_576) MB for a \(json.utf8.count / 1_048_576) MB file")

        // Under an address-space limit too small for it: a clear refusal, never a trap.
        let limited = try cli.run(["-c", "ulimit -v 150000; exec \"$0\" import \"$1\"",
                                   CLI.products.appendingPathComponent("forktale").path, big], program: "/bin/sh")
        #expect(limited.status == 2, "\(limited.stderr)")
        #expect(limited.stderr.contains("MB of memory") && limited.stderr.contains("ulimit -v"), "\(limited.stderr)")
        #expect(!limited.stderr.contains("Fatal error"))
    }

    @Test("an escape sequence in a passage never reaches the database or the terminal")
    func escapes() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let path = cli.home + "/evil.twee"
        try Data(":: StoryTitle\nEvil\u{1B}]0;owned\u{07} tale\n\n:: Start\nRed \u{1B}[31mtext\u{1B}[0m here.\n[[Go\u{1B}[2J on->End]]\n\n:: End\nBye.\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let imported = try cli.run(["import", path])
        #expect(imported.status == 0)
        #expect(!imported.stdout.contains("\u{1B}"))
        let played = try cli.run(["play", "Evil", "--plain"], input: "")
        #expect(played.status == 2, "a title is not an id")
        let id = try #require(try cli.json(cli.run(["stories", "list", "--json"]).stdout).first { ($0["title"] as? String)?.hasPrefix("Evil") == true })["id"] as? Int
        let story = try cli.run(["play", "\(id!)", "--plain"], input: "1\n")
        #expect(story.stdout.contains("Red text here."))
        #expect(story.stdout.contains("1. Go on"))
        #expect(!story.stdout.contains("\u{1B}"))
        let escapes = try DatabaseQueue(path: cli.database, configuration: { var c = Configuration(); c.readonly = true; return c }())
            .read { db in
                try Int.fetchOne(db, sql: """
                    SELECT (SELECT count(*) FROM story_nodes WHERE instr(content, char(27)) OR instr(name, char(27)) OR instr(tags, char(27)))
                         + (SELECT count(*) FROM story_choices WHERE instr(text, char(27)))
                         + (SELECT count(*) FROM stories WHERE instr(title, char(27)))
                    """)
            }
        #expect(escapes == 0, "an escape character reached the database")
    }
}

@Suite("forktale export")
struct ExportCommandTests {
    @Test("the cellar crawl survives export and import with the same passages and links")
    func roundTrip() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let imported = try cli.run(["import", "--json", try ImportTests.corpus + "/twee/brisberg__twine-games__cellar-crawl_combined.twee"])
        let report = try #require(try cli.json(imported.stdout).first?["report"] as? [String: Any])
        let id = try #require(report["story_id"] as? Int)
        let file = cli.home + "/cellar.twee"
        let written = try cli.run(["export", "\(id)", "--format", "twee", "-o", file])
        #expect(written.status == 0)
        #expect(written.stdout == "Wrote \"Cellar Crawl\" to \(file).\n")
        let again = try #require(try cli.json(cli.run(["import", "--json", file]).stdout).first?["report"] as? [String: Any])
        for key in ["passages", "links", "endings", "winning_endings", "start", "title"] {
            #expect("\(again[key] ?? "-")" == "\(report[key] ?? "-")", "\(key)")
        }
        // Standard output without -o; every format.
        for format in ["twee", "json", "md", "html"] {
            let result = try cli.run(["export", "\(id)", "--format", format])
            #expect(result.status == 0 && result.stdout.contains("Cellar Crawl"), "\(format)")
        }
        #expect(try cli.run(["export", "\(id)", "--format", "pdf"]).status == 2)
        #expect(try cli.run(["export", "\(id)", "--format", "md", "-o", cli.home + "/no/such/folder/x.md"]).status == 1)
    }

    @Test("a Twee export names the story's own format: SugarCube 2.31.1 for Journey, none for a story written here")
    func storyFormat() throws {
        let cli = try CLI()
        defer { cli.remove() }
        func storyData(_ id: Int) throws -> [String: Any] {
            let twee = try cli.run(["export", "\(id)", "--format", "twee"]).stdout
            let json = try #require(twee.components(separatedBy: ":: StoryData\n").dropFirst().first?.components(separatedBy: "\n\n").first)
            return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        }
        let imported = try cli.run(["import", "--json", try ImportTests.corpus + "/twee/brisberg__twine-games__journey_combined.tw"])
        let id = try #require(try cli.json(imported.stdout).first?["report"] as? [String: Any])["story_id"] as! Int
        let journey = try storyData(id)
        #expect(journey["format"] as? String == "SugarCube")
        #expect(journey["format-version"] as? String == "2.31.1")

        let written = try storyData(try cli.story(titled: "The Clockwork Lighthouse")["id"] as! Int)
        #expect(written["format"] == nil && written["format-version"] == nil, "\(written)")
    }

    @Test("-o - writes to standard output, as no -o does, and leaves no file named -")
    func dashIsStandardOutput() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let id = "\(try cli.story(titled: "The Clockwork Lighthouse")["id"] as! Int)"
        let plain = try cli.run(["export", id, "--format", "md"])
        let dash = try cli.run(["export", id, "--format", "md", "-o", "-"])  // Run in cli.home.
        #expect(dash.status == 0, "\(dash.stderr)")
        #expect(dash.stdout.hasPrefix("# The Clockwork Lighthouse\n"))
        #expect(dash.stdout == plain.stdout)
        #expect(!FileManager.default.fileExists(atPath: cli.home + "/-"))
    }
}

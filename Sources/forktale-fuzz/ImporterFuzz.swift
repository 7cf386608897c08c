import Foundation
import StoryCore
import StoryFormats

/// The importer fuzz target. Built with `scripts/fuzz` (libFuzzer supplies `main`); in a
/// normal build it replays files given as arguments through every importer, so a crash the
/// fuzzer found can be run again under a debugger.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImporters(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    importEveryWay(Data(bytes: bytes, count: count))
    return 0
}

/// Reads `data` as each format; every outcome but a crash is fine, and a story that comes
/// out must hold together and carry no control characters.
func importEveryWay(_ data: Data) {
    for format in Importer.Format.allCases {
        guard let result = try? Importer.read(data, file: "fuzz", format: format, profileId: 1) else { continue }
        precondition(result.draft.validate().isEmpty, "an imported story does not hold together")
        let texts = [result.draft.story.title] + result.draft.nodes.map(\.content) + result.draft.choices.map(\.text)
        precondition(
            !texts.contains { $0.unicodeScalars.contains { Rules.isControl($0) && $0 != "\n" && $0 != "\t" } },
            "a control character came through an import")
    }
}

#if FUZZING
/// libFuzzer's driver, run from the entry point SwiftPM gives an executable target.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("forktale_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in fuzzImporters(bytes, count) }
}
#else
@main
enum Replay {
    static func main() {
        let files = CommandLine.arguments.dropFirst()
        guard !files.isEmpty else {
            FileHandle.standardError.write(Data("usage: forktale-fuzz FILE... (build the fuzzer with scripts/fuzz)\n".utf8))
            exit(2)
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            importEveryWay(data)
        }
        print("replayed \(files.count) inputs without a crash")
    }
}
#endif

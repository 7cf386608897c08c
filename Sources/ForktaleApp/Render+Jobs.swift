import Foundation
import StoryCore
import StoryStore
import TerminalUI

// MARK: - The dashboard

func renderJobs(_ state: AppState, into screen: inout Screen, in area: Rect) {
    let board = state.jobs
    guard board.loaded else {
        screen.put("Opening the jobs…", x: area.x + 2, y: area.y + 1, limit: area.maxX)
        return
    }
    let (filterLine, rest) = area.splitTop(1)
    let counts = Dictionary(grouping: board.jobs, by: { $0.job.status }).mapValues(\.count)
    let summary = [StoryJob.Status.running, .queued, .completed, .failed, .cancelled]
        .compactMap { status in counts[status].map { "\($0) \(status.rawValue)" } }.joined(separator: " · ")
    screen.put(" Showing \(board.filter.rawValue)" + (summary.isEmpty ? "" : "   (\(summary))"), x: filterLine.x, y: filterLine.y, style: Palette.waiting, limit: filterLine.maxX)
    let visible = board.visible
    guard !visible.isEmpty else {
        let lines = board.jobs.isEmpty
            ? ["No jobs yet.", "", "Stories you ask for appear here as they are written: press n in the Library, or run 'forktale generate' in another terminal."]
            : ["No \(board.filter.rawValue) jobs. f shows the others."]
        let width = readingWidth(rest)
        let wrapped = lines.flatMap { TerminalText.wrap($0, width: width) }
        Widgets.text(wrapped, into: &screen, in: rest.centred(width: width, height: wrapped.count))
        return
    }
    // On a narrow terminal the story and progress matter most: the rest gives way.
    let barWidth = rest.width >= 70 ? 12 : 8
    let header = ["JOB", "STORY", "STATUS", "STAGE", "PAGES", "PROGRESS", "TRIES", "TIME", "TOKENS", "COST"]
    let columns = rest.width >= 120 ? Array(header.indices) : rest.width >= 95 ? Array(0...7)
        : rest.width >= 70 ? [0, 1, 2, 4, 5, 7] : rest.width >= 36 ? [1, 2, 5] : [1, 5]
    let rows = visible.map { jobRow($0, clock: state.clock, barWidth: barWidth) }
    let shownHeader = columns.map { header[$0] }
    let shownRows = rows.map { row in columns.map { row[$0] } }
    let widths = Widgets.tableColumns(header: shownHeader, rows: shownRows, width: rest.width - 2, flexible: columns.firstIndex(of: 1)!)
    let (headerRow, list) = rest.splitTop(1)
    screen.put(Widgets.tableRow(shownHeader, widths: widths), x: headerRow.x + 1, y: headerRow.y, style: Palette.header, limit: headerRow.maxX)
    var listState = board.list
    Widgets.list(count: shownRows.count, state: &listState, into: &screen, in: list.inset(dx: 1)) { index in
        (Widgets.tableRow(shownRows[index], widths: widths), style(for: visible[index].job.status))
    }
    if let id = board.confirmingCancel, let job = board.jobs.first(where: { $0.job.id == id }) {
        cancelDialog(job, into: &screen, in: area)
    }
}

private func style(for status: StoryJob.Status) -> Style {
    switch status {
    case .running: Style(bold: true)
    case .queued: .plain
    case .completed: Palette.waiting
    case .failed, .cancelled: Palette.problem
    }
}

private func cancelDialog(_ summary: JobSummary, into screen: inout Screen, in area: Rect) {
    Widgets.dialog(
        title: "Cancel job \(summary.job.id!)?",
        lines: ["\(storyName(summary)) stops at the next page; the pages written so far stay, and r retries it later.", "",
                "y cancel it · any other key lets it go on"],
        into: &screen, in: area)
}

private func storyName(_ summary: JobSummary) -> String {
    if let title = summary.storyTitle { return TerminalText.safe(title) }
    let state = switch summary.job.status {
    case .queued: ", not started"
    case .running: " being written"
    case .completed, .failed, .cancelled: ", not written or deleted"
    }
    return "A story" + (summary.job.brief.theme.map { " (\($0))" } ?? "") + state
}

/// The cells of one job's row, in the order of the dashboard's header.
func jobRow(_ summary: JobSummary, clock: Date, barWidth: Int) -> [String] {
    let job = summary.job
    let fraction = job.nodesTotal > 0 ? Double(job.nodesDone) / Double(job.nodesTotal) : (job.status == .completed ? 1 : 0)
    return [
        String(job.id ?? 0), storyName(summary), job.status.rawValue, job.currentStage?.rawValue ?? "-",
        job.nodesTotal > 0 ? "\(job.nodesDone)/\(job.nodesTotal)" : "-",
        // Whole percents rounded down, as `jobs list` prints them: 100% only when done.
        Widgets.progressBar(fraction, width: barWidth) + " \(Int(fraction * 100))%",
        "\(summary.attempts)" + (summary.retries > 0 ? " ✗\(summary.retries)" : ""),
        elapsed(job, clock: clock), job.tokensIn + job.tokensOut > 0 ? "\(job.tokensIn + job.tokensOut)" : "-",
        job.costUsd > 0 ? String(format: "$%.4f", job.costUsd) : "-",
    ]
}

/// How long a job has run (or ran): `0:42`, `12:05`; queued jobs (retried ones too)
/// are waiting.
func elapsed(_ job: StoryJob, clock: Date) -> String {
    if job.status == .queued { return "waiting" }
    guard let started = job.startedAt else { return "-" }
    let end = job.status == .running ? max(clock, started) : (job.completedAt ?? job.updatedAt)
    return duration(end.timeIntervalSince(started))
}

func duration(_ seconds: TimeInterval) -> String {
    if seconds < 10 { return String(format: "%.1f s", max(0, seconds)) }
    let whole = Int(seconds.rounded())
    return whole < 3600 ? String(format: "%d:%02d", whole / 60, whole % 60) : String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
}

// MARK: - One job

func renderJobDetail(_ state: AppState, into screen: inout Screen, in area: Rect) {
    guard let detail = state.jobDetail else { return }
    let summary = detail.summary
    let job = summary.job
    let brief = job.brief
    let embedded = brief.writer == "embedded"
    let cost = embedded ? "none (embedded writer)"
        : String(format: "$%.4f", job.costUsd) + (job.costUsd > 0 ? "" : " (no prices set in config.toml)")
    var lines = [
        "\(storyName(summary)) · \(job.status.rawValue)" + (job.currentStage.map { " · stage \($0.rawValue)" } ?? "")
            + (job.nodesTotal > 0 ? " · \(job.nodesDone) of \(job.nodesTotal) pages" : ""),
        "Brief: " + [
            brief.theme.map { "theme \($0)" }, brief.heroId.map { "hero \($0)" }, brief.templateId.map { "template \($0)" },
            "ages \(brief.ageRange.rawValue)", brief.length.rawValue, "seed \(brief.seed)", "writer \(brief.writer)",
            brief.moral.map { "moral \"\(TerminalText.safe($0))\"" },
        ].compactMap { $0 }.joined(separator: " · "),
        "Stages: " + stageTimes(job, detail.attempts, clock: state.clock),
        "Tokens: \(job.tokensIn) in, \(job.tokensOut) out · cost \(cost) · \(summary.attempts) attempts, \(summary.retries) failed",
    ]
    if let error = job.error { lines.append("Error: " + TerminalText.safe(error)) }
    if !detail.flags.isEmpty {
        lines.append("Content flags: " + detail.flags.prefix(4).map { flag in
            "\(flag.flagType.rawValue) \(flag.actionTaken.rawValue) \"\(TerminalText.safe(String(flag.originalText.prefix(30))))\""
        }.joined(separator: "; ") + (detail.flags.count > 4 ? "; \(detail.flags.count - 4) more" : ""))
    }
    let area = area.inset(dx: 1)
    let wrapped = lines.flatMap { TerminalText.wrap($0, width: max(1, area.width)) }
    let (top, rest) = area.splitTop(min(wrapped.count + 1, area.height))
    Widgets.text(wrapped, into: &screen, in: top)
    guard rest.height >= 3 else { return }
    let (title, log) = rest.splitTop(1)
    screen.put("Attempts (\(detail.attempts.count))", x: title.x, y: title.y, style: Palette.header, limit: title.maxX)
    guard !detail.attempts.isEmpty else {
        screen.put("None yet.", x: log.x, y: log.y, style: Palette.waiting, limit: log.maxX)
        return
    }
    // The log on the left, the selected attempt's prompt and response on the right (or below).
    let side = log.width >= 90
    let (listRect, pane): (Rect, Rect) = side
        ? (Rect(x: log.x, y: log.y, width: 44, height: log.height), Rect(x: log.x + 46, y: log.y, width: log.width - 46, height: log.height))
        : (Rect(x: log.x, y: log.y, width: log.width, height: max(1, log.height / 2)),
           Rect(x: log.x, y: log.y + log.height / 2 + 1, width: log.width, height: max(0, log.height - log.height / 2 - 1)))
    var listState = detail.list
    Widgets.list(count: detail.attempts.count, state: &listState, into: &screen, in: listRect) { index in
        let attempt = detail.attempts[index]
        let latency = attempt.latencyMs.map { "\($0) ms" } ?? "-"
        let tokens = attempt.tokensIn + attempt.tokensOut > 0 ? " · \(attempt.tokensIn + attempt.tokensOut) tok" : ""
        return ("#\(index + 1) \(attempt.status.rawValue) · \(latency)\(tokens) · \(attempt.model)",
                attempt.status == .success ? .plain : Palette.problem)
    }
    guard pane.height > 0, detail.attempts.indices.contains(detail.list.selected) else { return }
    let attempt = detail.attempts[detail.list.selected]
    func paragraphs(_ text: String) -> [String] {
        TerminalText.safe(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
    // The embedded writer keeps neither: its page is the story's. A model server's call
    // that failed before an answer has its prompt and no response.
    let none = embedded ? "(the embedded writer keeps none: the page itself is the story's)" : "(none)"
    var text = ["Prompt:"] + (attempt.prompt.isEmpty ? [none] : paragraphs(attempt.prompt))
    text += ["", "Response:"] + (attempt.response.map(paragraphs) ?? [embedded ? none : "(no answer: see the error)"])
    if let error = attempt.error { text += ["", "Error: " + TerminalText.safe(error)] }
    let paneLines = text.flatMap { TerminalText.wrap($0, width: max(1, pane.width)) }
    Widgets.text(paneLines, offset: min(detail.paneOffset, max(0, paneLines.count - pane.height)), into: &screen, in: pane)
    if detail.confirmingCancel { cancelDialog(summary, into: &screen, in: area) }
}

/// The stages and how long each took, from the job's times and its attempt log.
func stageTimes(_ job: StoryJob, _ attempts: [GenerationAttempt], clock: Date) -> String {
    guard let started = job.startedAt else { return "not started" }
    let firstWrite = attempts.first?.createdAt
    let lastWrite = attempts.compactMap { $0.completedAt ?? $0.createdAt }.max()
    var parts: [String] = []
    if let firstWrite { parts.append("plan " + duration(firstWrite.timeIntervalSince(started))) }
    if let firstWrite, let lastWrite {
        let end = job.status == .running && job.currentStage == .write ? clock : lastWrite
        parts.append("write " + duration(end.timeIntervalSince(firstWrite)) + " (\(job.nodesDone) pages)")
    }
    if let lastWrite, let completed = job.completedAt, job.status == .completed {
        parts.append("finish " + duration(completed.timeIntervalSince(lastWrite)))
    }
    if job.status == .running, let stage = job.currentStage { parts.append("now: \(stage.rawValue)") }
    return parts.isEmpty ? "planning" : parts.joined(separator: " · ")
}

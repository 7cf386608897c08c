import Foundation

extension StoryDraft {
    /// Sets each passage's depth: its distance in choices from the start passage.
    /// Passages the start cannot reach keep depth 0.
    public mutating func assignDepths() {
        guard let root = nodes.firstIndex(where: \.isRoot) else { return }
        var outgoing = [[Int]](repeating: [], count: nodes.count)
        for choice in choices {
            if let target = choice.target { outgoing[choice.from].append(target) }
        }
        var depth = [Int?](repeating: nil, count: nodes.count)
        depth[root] = 0
        var queue = [root]
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for next in outgoing[current] where depth[next] == nil {
                depth[next] = depth[current]! + 1
                queue.append(next)
            }
        }
        for index in nodes.indices {
            nodes[index].depth = depth[index] ?? 0
        }
    }
}

/// Counting words the way readers do: runs of letters and digits.
public enum WordCount {
    public static func of(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordScalar = CharacterSet.alphanumerics.contains(scalar) || scalar == "'"
            if isWordScalar && !inWord { count += 1 }
            inWord = isWordScalar
        }
        return count
    }
}

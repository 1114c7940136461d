/// A static sort-tile-recursive R-tree over bounding boxes, built once and queried from any
/// thread (it is an immutable value).
public struct EnvelopeIndex: Sendable {
    private struct Node: Sendable {
        var envelope: Envelope
        /// Children: node positions (inner) or item numbers (leaf).
        var children: [Int]
        var isLeaf: Bool
    }

    private let nodes: [Node]
    private let root: Int?
    private let items: [(Int, Envelope)]

    /// Builds the index over `items` (item number, envelope); items without an envelope
    /// are simply absent.
    public init(_ items: [(Int, Envelope)], nodeCapacity: Int = 16) {
        var nodes: [Node] = []
        func pack(_ entries: [(Int, Envelope)], leaf: Bool) -> [(Int, Envelope)] {
            let count = entries.count
            let slices =
                Int(Double(count).squareRoot().rounded(.up) / Double(nodeCapacity).squareRoot().rounded(.up)) + 1
            let perSlice = (count + slices - 1) / slices
            let byX = entries.sorted { ($0.1.minX + $0.1.maxX) < ($1.1.minX + $1.1.maxX) }
            var parents: [(Int, Envelope)] = []
            var start = 0
            while start < count {
                let slice = byX[start..<min(start + perSlice, count)].sorted {
                    ($0.1.minY + $0.1.maxY) < ($1.1.minY + $1.1.maxY)
                }
                var offset = slice.startIndex
                while offset < slice.endIndex {
                    let group = slice[offset..<min(offset + nodeCapacity, slice.endIndex)]
                    let envelope = group.dropFirst().reduce(group.first!.1) { $0.union($1.1) }
                    nodes.append(Node(envelope: envelope, children: group.map(\.0), isLeaf: leaf))
                    parents.append((nodes.count - 1, envelope))
                    offset += nodeCapacity
                }
                start += perSlice
            }
            return parents
        }
        self.items = items
        guard !items.isEmpty else {
            self.nodes = []
            self.root = nil
            return
        }
        // Leaves hold positions in `items`, so each item's own box is tested too.
        var level = pack(items.enumerated().map { ($0.offset, $0.element.1) }, leaf: true)
        while level.count > 1 { level = pack(level, leaf: false) }
        self.nodes = nodes
        self.root = level[0].0
    }

    /// The items whose envelope intersects `envelope`, ascending.
    public func query(_ envelope: Envelope) -> [Int] {
        guard let root else { return [] }
        var result: [Int] = []
        var stack = [root]
        while let position = stack.popLast() {
            let node = nodes[position]
            guard node.envelope.intersects(envelope) else { continue }
            if node.isLeaf {
                for child in node.children where items[child].1.intersects(envelope) { result.append(items[child].0) }
            } else {
                stack.append(contentsOf: node.children)
            }
        }
        return result.sorted()
    }
}

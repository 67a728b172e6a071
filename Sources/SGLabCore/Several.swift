/// A short list that is almost always one element: the IDs under one name, the interfaces with
/// one private address. The single element is kept inline, so the persistent tables that hold
/// these copy no array when they copy a node.
struct Several<Element: Hashable & Sendable>: Hashable, Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
    private enum Storage: Hashable, Sendable {
        case none
        case one(Element)
        case many([Element])
    }

    private var storage = Storage.none

    init(arrayLiteral elements: Element...) {
        for element in elements { append(element) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int {
        switch storage {
        case .none: return 0
        case .one: return 1
        case .many(let elements): return elements.count
        }
    }

    subscript(position: Int) -> Element {
        switch storage {
        case .one(let element) where position == 0: return element
        case .many(let elements): return elements[position]
        default: preconditionFailure("index \(position) out of range")
        }
    }

    mutating func append(_ element: Element) {
        switch storage {
        case .none: storage = .one(element)
        case .one(let first): storage = .many([first, element])
        case .many(var elements):
            storage = .none
            elements.append(element)
            storage = .many(elements)
        }
    }

    mutating func removeAll(where shouldRemove: (Element) -> Bool) {
        let kept = filter { !shouldRemove($0) }
        storage = .none
        for element in kept { append(element) }
    }
}

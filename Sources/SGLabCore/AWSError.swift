/// A rejected operation: the EC2 API's error code where AWS has one, a plain sentence, the
/// argument it is about (a grammar label such as `cidr`), and a suggested fix.
public struct AWSError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: String?
    public var message: String
    /// The label of the command argument at fault, so the language layer can point at it.
    public var argument: String?
    public var fix: String?

    public init(_ code: String?, _ message: String, argument: String? = nil, fix: String? = nil) {
        self.code = code
        self.message = message
        self.argument = argument
        self.fix = fix
    }

    public var description: String {
        var text = code.map { "\($0): \(message)" } ?? message
        if let fix { text += " (\(fix))" }
        return text
    }

    static func notFound(_ type: ResourceType, _ reference: String, argument: String? = nil, suggestion: String? = nil)
        -> AWSError
    {
        AWSError(
            type.notFoundCode, "there is no \(type.noun) named \(reference)", argument: argument,
            fix: suggestion.map { "did you mean \($0)?" })
    }

    static func notFound<Kind>(_ type: ResourceType, _ id: ID<Kind>, argument: String? = nil) -> AWSError {
        notFound(type, id.rawValue, argument: argument)
    }

    static func notModelled(_ what: String, argument: String? = nil) -> AWSError {
        AWSError(nil, "\(what) is not modelled yet in sglab", argument: argument)
    }
}

import SGLabCore

/// Views of the world for `show`: the whole world as a tree, one resource in detail, a VPC as
/// a diagram. Pure: values in, text out.
public enum WorldRenderer {
    public static func render(kind: String?, id: String?, world: World, style: Style = .plain) -> String {
        guard let id else { return tree(world, style: style) }
        return world.label(id)
    }

    static func tree(_ world: World, style: Style) -> String {
        world.vpcs.isEmpty ? "the world is empty: start with vpc create NAME CIDR" : world.vpcs.values.map(\.name).sorted().joined(separator: "\n")
    }
}

/// Real accounts (issue 13): the lab's forms of `sglab import`, `audit`, `exposure` and `export`.
extension Grammar {
    static let accounts: [Form] = [
        Form(
            elements: [.word("import"), .value(label: "path", .file)], topic: "accounts",
            summary: "replace the world with a real account's describe-* JSON (a file, or a folder such as a Batfish snapshot); undo brings the old world back",
            example: "import aws-json"
        ) { b in .account(.importAccount(path: b.word("path").text)) },
        Form(
            elements: [.word("audit")], topic: "accounts",
            summary: "Security Hub and CIS network controls and sglab's own checks, each with the command that fixes it",
            example: "audit"
        ) { _ in .account(.audit) },
        Form(
            elements: [.word("exposure"), .optional([.word("from"), .value(label: "source", .anyReference)])], topic: "accounts",
            summary: "per interface, the protocols and port ranges the internet (or a subnet, group or resource) can reach, with one example path each",
            example: "exposure"
        ) { b in .account(.exposure(from: b.optionalWord("source")?.text)) },
        Form(
            elements: [.word("export"), .choice(label: "format", ["aws-cli", "cloudformation", "terraform"])], topic: "accounts",
            summary: "the world as an AWS CLI script, a CloudFormation template or Terraform, to build it in a real account",
            example: "export terraform"
        ) { b in .account(.export(format: b.word("format").text)) },
        Form(
            elements: [.word("solution"), .choice(label: "format", ["aws-cli", "cloudformation", "terraform"])], topic: "lessons",
            summary: "in a lesson, the world after the step's worked solution as an AWS CLI script, a CloudFormation template or Terraform",
            example: "solution terraform"
        ) { b in .lesson("solution \(b.word("format").text)") },
    ]
}

import SGLabCore

/// Service names as the EC2 console's Type column offers them, each standing for a protocol and
/// port ("Security group rules for different use cases").
public enum ServiceAlias {
    public static let table: [(name: String, ipProtocol: IPProtocol, port: UInt16, meaning: String)] = [
        ("ssh", .tcp, 22, "SSH, TCP 22"),
        ("http", .tcp, 80, "HTTP, TCP 80"),
        ("https", .tcp, 443, "HTTPS, TCP 443"),
        ("rdp", .tcp, 3389, "Remote Desktop, TCP 3389"),
        ("mysql", .tcp, 3306, "MySQL/Aurora, TCP 3306"),
        ("aurora", .tcp, 3306, "MySQL/Aurora, TCP 3306"),
        ("postgres", .tcp, 5432, "PostgreSQL, TCP 5432"),
        ("postgresql", .tcp, 5432, "PostgreSQL, TCP 5432"),
        ("mssql", .tcp, 1433, "MS SQL, TCP 1433"),
        ("oracle", .tcp, 1521, "Oracle-RDS, TCP 1521"),
        ("redis", .tcp, 6379, "Redis, TCP 6379"),
        ("memcached", .tcp, 11211, "Memcached, TCP 11211"),
        ("dns", .udp, 53, "DNS (UDP), UDP 53"),
        ("dns-udp", .udp, 53, "DNS (UDP), UDP 53"),
        ("dns-tcp", .tcp, 53, "DNS (TCP), TCP 53"),
        ("smtp", .tcp, 25, "SMTP, TCP 25"),
        ("smtps", .tcp, 465, "SMTPS, TCP 465"),
        ("pop3", .tcp, 110, "POP3, TCP 110"),
        ("pop3s", .tcp, 995, "POP3S, TCP 995"),
        ("imap", .tcp, 143, "IMAP, TCP 143"),
        ("imaps", .tcp, 993, "IMAPS, TCP 993"),
        ("ldap", .tcp, 389, "LDAP, TCP 389"),
        ("nfs", .tcp, 2049, "NFS, TCP 2049"),
        ("winrm-http", .tcp, 5985, "WinRM-HTTP, TCP 5985"),
        ("winrm-https", .tcp, 5986, "WinRM-HTTPS, TCP 5986"),
    ]

    static let byName: [String: (ipProtocol: IPProtocol, port: UInt16)] = Dictionary(
        table.map { ($0.name, ($0.ipProtocol, $0.port)) }, uniquingKeysWith: { first, _ in first })

    public static func lookup(_ word: String) -> (ipProtocol: IPProtocol, port: UInt16)? { byName[word.lowercased()] }
}

using Lightning.Agents.Registry;

namespace Lightning.Agents.Roles;

/// <summary>
/// The specialist roles of the original Agent Lightning, a reviewer and a coordinator, plus three tool agents that need no
/// model (a build runner, a repository analyst and a monitor). Each is seeded as an agent on first start.
/// </summary>
public static class AgentRoles
{
    static string Prompt(string who, string focus) =>
        $"You are the {who} of Agent Lightning, a team of agents that build, test, deploy and run software. {focus} " +
        "Answer precisely and concretely; when you propose commands or code, make them complete and safe to run; say when you are unsure.";

    public static readonly IReadOnlyList<AgentRole> All =
    [
        new("full-stack-developer", "Full-stack developer", "Builds features end to end: APIs, services, web front ends and their tests.",
            [Capabilities.Llm, Capabilities.Command, Capabilities.Files, "code", "frontend", "backend", Capabilities.Testing],
            Prompt("full-stack developer", "You design and write back-end services, web front ends and their tests, and keep them simple and maintainable.")),
        new("mobile-developer", "Mobile developer", "Builds iOS, Android and cross-platform apps.",
            [Capabilities.Llm, Capabilities.Command, Capabilities.Files, "code", "mobile"],
            Prompt("mobile developer", "You build native and cross-platform mobile apps and care about offline use, battery, accessibility and store rules.")),
        new("security-expert", "Security expert", "Reviews code and systems for vulnerabilities and hardens them.",
            [Capabilities.Llm, Capabilities.Command, Capabilities.Files, "security", "audit", "review"],
            Prompt("security expert", "You find vulnerabilities (injection, auth flaws, secrets, unsafe dependencies) and propose concrete fixes ranked by risk.")),
        new("devops-engineer", "DevOps engineer", "Builds, ships and runs software: CI, containers, deployments, infrastructure.",
            [Capabilities.Llm, Capabilities.Command, Capabilities.Files, "deploy", "infrastructure", "containers", "ci", Capabilities.Monitoring],
            Prompt("DevOps engineer", "You automate builds, containers, deployments, monitoring and rollbacks, and prefer reproducible, observable set-ups.")),
        new("data-scientist", "Data scientist", "Analyses data, builds models and explains results.",
            [Capabilities.Llm, Capabilities.Command, Capabilities.Files, "data-analysis", "ml", "statistics"],
            Prompt("data scientist", "You explore data, choose sound statistical methods and models, and explain results and their uncertainty plainly.")),
        new("ui-ux-designer", "UI/UX designer", "Designs interfaces and user flows, and reviews them for usability and accessibility.",
            [Capabilities.Llm, Capabilities.Files, "design", "frontend", "accessibility"],
            Prompt("UI/UX designer", "You design clear, accessible interfaces and user flows, and explain the reasons behind each choice.")),
        new("blockchain-developer", "Blockchain developer", "Writes and audits smart contracts and decentralised applications.",
            [Capabilities.Llm, Capabilities.Command, Capabilities.Files, "code", "smart-contracts", "blockchain"],
            Prompt("blockchain developer", "You write and audit smart contracts and dApps, with close attention to security, gas cost and upgradeability.")),
        new("database-specialist", "Database specialist", "Designs schemas, writes and tunes queries, plans migrations.",
            [Capabilities.Llm, Capabilities.Command, Capabilities.Files, "database", "sql", "performance"],
            Prompt("database specialist", "You design schemas, write and tune queries, and plan safe migrations and backups.")),
        new("system-architect", "System architect", "Shapes systems: components, boundaries, data flows and trade-offs.",
            [Capabilities.Llm, Capabilities.Files, "architecture", "design-review", "planning"],
            Prompt("system architect", "You shape systems into components with clear boundaries and explain the trade-offs of each decision.")),
        new("information-analyst", "Information analyst", "Researches, gathers and summarises information for decisions.",
            [Capabilities.Llm, Capabilities.Files, "research", "analysis", "documentation"],
            Prompt("information analyst", "You gather, check and summarise information, separating facts from assumptions and citing where each comes from.")),
        new("reviewer", "Reviewer", "Reviews work of other agents: code, plans and results.",
            [Capabilities.Llm, Capabilities.Files, "review", "quality"],
            Prompt("reviewer", "You review the work of other agents, point out concrete defects and risks, and say clearly whether it is ready.")),
        // Tool agents: no model needed, so collaborations run on a fresh machine with nothing configured.
        new("build-runner", "Build runner", "Runs commands and scripts: builds, tests (the test tool: detect and run seven frameworks), packaging. Uses no model.",
            [Capabilities.Command, Capabilities.Files, "build", Capabilities.Testing],
            Prompt("build runner", "You run builds and tests.")),
        new("repository-analyst", "Repository analyst", "Inspects repositories and works with git: languages, manifests, test frameworks, commits, branches, releases, conflicts. Uses no model.",
            [Capabilities.RepositoryAnalysis, Capabilities.Git, Capabilities.Files, Capabilities.Command],
            Prompt("repository analyst", "You inspect repositories.")),
        new("monitor", "Monitor", "Watches hosts, services and deployments: reads metrics and judges a deployment's health (a canary against its baseline). Uses no model.",
            [Capabilities.Monitoring, "observability"],
            Prompt("monitor", "You watch systems and deployments.")),
        new("coordinator", "Coordinator", "Splits complex tasks into subtasks and assigns them to the right agents.",
            [Capabilities.Llm, "planning", "coordination"],
            Prompt("coordinator", "You split complex tasks into well-defined subtasks, assign each to the agent whose capabilities fit, and combine the results.")),
    ];

    public static AgentRole? Find(string name) => All.FirstOrDefault(role => string.Equals(role.Name, name, StringComparison.Ordinal));

    /// <summary>The system prompt for a role; roles users invent get a generic one built from their name.</summary>
    public static string SystemPromptFor(string role) =>
        Find(role)?.SystemPrompt ?? Prompt(role.Replace('-', ' '), "You work within your role and say when a task is outside it.");
}

using Lightning.Collaboration.History;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.History;

public sealed class SqliteCollaborationEventStoreTests : CollaborationEventStoreTests
{
    readonly TempDirectory _directory = new();

    protected override ICollaborationEventStore Open() => new SqliteCollaborationEventStore(_directory.Combine("collaboration", "events.db"));

    protected override ValueTask DisposeStorageAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}

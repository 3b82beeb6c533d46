using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lightning.Git.Tests.Hosting.Webhooks;

/// <summary>Payloads from the providers' webhook documentation (GitHub "push", GitLab "Push Hook" and "Merge Request Hook"), trimmed.</summary>
internal static class WebhookSamples
{
    /// <summary>GitHub push; <c>{pushed_at}</c> is replaced with the Unix time of the push.</summary>
    public const string GitHubPush = """
        {
          "ref": "refs/heads/main",
          "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
          "after": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
          "created": false,
          "deleted": false,
          "forced": false,
          "base_ref": null,
          "compare": "https://github.com/Codertocat/Hello-World/compare/6113728f27ae...0d1a26e67d8f",
          "commits": [
            {
              "id": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
              "message": "Update README.md",
              "timestamp": "2019-05-15T15:20:30-04:00",
              "author": {"name": "Codertocat", "email": "21031067+Codertocat@users.noreply.github.com", "username": "Codertocat"},
              "added": [], "removed": [], "modified": ["README.md"]
            }
          ],
          "head_commit": {"id": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "message": "Update README.md", "timestamp": "2019-05-15T15:20:30-04:00"},
          "repository": {
            "id": 186853002,
            "name": "Hello-World",
            "full_name": "Codertocat/Hello-World",
            "private": false,
            "owner": {"name": "Codertocat", "login": "Codertocat"},
            "created_at": 1557933565,
            "updated_at": "2019-05-15T15:20:41Z",
            "pushed_at": {pushed_at},
            "default_branch": "main"
          },
          "pusher": {"name": "Codertocat", "email": "21031067+Codertocat@users.noreply.github.com"},
          "sender": {"login": "Codertocat", "id": 21031067, "type": "User"}
        }
        """;

    public const string GitLabPush = """
        {
          "object_kind": "push",
          "event_name": "push",
          "before": "95790bf891e76fee5e1747ab589903a6a1f80f22",
          "after": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
          "ref": "refs/heads/master",
          "ref_protected": true,
          "checkout_sha": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
          "user_id": 4,
          "user_name": "John Smith",
          "user_username": "jsmith",
          "project_id": 15,
          "project": {
            "id": 15,
            "name": "Diaspora",
            "web_url": "http://example.com/mike/diaspora",
            "path_with_namespace": "mike/diaspora",
            "default_branch": "master"
          },
          "commits": [
            {
              "id": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
              "message": "fixed readme",
              "timestamp": "2012-01-03T23:36:29+02:00",
              "author": {"name": "GitLab dev user", "email": "gitlabdev@dv6700.(none)"},
              "added": ["CHANGELOG"], "modified": ["app/controller/application.rb"], "removed": []
            }
          ],
          "total_commits_count": 1
        }
        """;

    public const string GitLabTagPush = """
        {
          "object_kind": "tag_push",
          "event_name": "tag_push",
          "before": "0000000000000000000000000000000000000000",
          "after": "82b3d5ae55f7080f1e6022629cdb57bfae7cccc7",
          "ref": "refs/tags/v1.0.0",
          "user_username": "jsmith",
          "project": {"id": 1, "path_with_namespace": "jsmith/example"}
        }
        """;

    /// <summary>GitLab merge request event; <c>{updated_at}</c> is replaced with the event time.</summary>
    public const string GitLabMergeRequest = """
        {
          "object_kind": "merge_request",
          "event_type": "merge_request",
          "user": {"id": 1, "name": "Administrator", "username": "root"},
          "project": {"id": 1, "path_with_namespace": "gitlabhq/gitlab-test"},
          "object_attributes": {
            "id": 99,
            "iid": 1,
            "target_branch": "master",
            "source_branch": "ms-viewport",
            "title": "MS-Viewport",
            "created_at": "2013-12-03T17:23:34Z",
            "updated_at": "{updated_at}",
            "state": "opened",
            "action": "open"
          }
        }
        """;

    /// <summary>The <see cref="GitHubPush"/> body, pushed at <paramref name="pushedAt"/>.</summary>
    public static byte[] GitHubPushAt(DateTimeOffset pushedAt) =>
        Encoding.UTF8.GetBytes(GitHubPush.Replace("{pushed_at}", pushedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

    /// <summary>GitHub's <c>X-Hub-Signature-256</c> for <paramref name="body"/> signed with <paramref name="secret"/>.</summary>
    public static string GitHubSignature(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

namespace Lightning.Server.Auth;

public static class LightningClaims
{
    public const string KeyId = "lightning:key_id";
    public const string Scheme = "ApiKey";

    public static class Policies
    {
        public const string Viewer = "viewer";
        public const string Operator = "operator";
        public const string Admin = "admin";
    }
}

using System.Security.Cryptography;
using System.Text;

namespace GovernancePortal.IntegrationTests.Infrastructure;

public static class Sha
{
    public static string Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

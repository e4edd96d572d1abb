namespace GovernancePortal.Web.Features.Evaluations.Upload;

/// <summary>The address of the upload page (<see cref="EvaluationUploadPage"/>), names escaped.</summary>
public static class UploadLinks
{
    public static string For(string model, string version) =>
        $"/models/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}/evaluations/upload";
}

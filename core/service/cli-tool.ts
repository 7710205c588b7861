// The `ssotray` command line tool the app carries: whether it is linked onto the PATH, linking
// and unlinking it, and the words credential_process lines run it by.
import { ApiError, type CliToolStatus } from "../../shared/api.js";
import {
  cliLinkStatus,
  CliLinkError,
  installCliLink,
  removeCliLink,
  type CliLinkDeps,
  type CliLinkStatus,
} from "../cli-install/cli-link.js";
import type { Locations } from "../locations.js";
import { checkCommand } from "../profiles/command-check.js";

export interface CliToolParts {
  env: Record<string, string | undefined>;
  locations: Locations;
  /**
   * The `ssotray` executable the app carries (undefined where it has none), and where and how
   * it is linked; the platform and environment of this process unless given.
   */
  tool?: { executable: string | undefined } & Partial<CliLinkDeps>;
}

export class CliTool {
  constructor(private readonly parts: CliToolParts) {}

  status(): Promise<CliToolStatus> {
    return this.act(cliLinkStatus);
  }

  install(): Promise<CliToolStatus> {
    return this.act(installCliLink);
  }

  remove(): Promise<CliToolStatus> {
    return this.act(removeCliLink);
  }

  /**
   * The words credential_process lines run: the installed link, a path that stays put. Where it
   * is not installed, the reason and what to do, instead of a line that names a path inside the
   * app bundle (which has spaces and moves on update).
   */
  async credentialProcessCommand(): Promise<string[]> {
    const status = await this.status();
    if (!status.installed)
      throw new ApiError(
        "CliToolNotInstalled",
        status.available
          ? `credential_process profiles run the ssotray command line tool, which is not installed yet: choose Install command line tool (in Settings or the tray menu) to link it as ${status.link}, then write the profiles again`
          : "credential_process profiles run the ssotray command line tool, which this build of SSO Tray does not carry: install it from npm and run `ssotray config populate --credential-process`",
      );
    try {
      await checkCommand([status.link]);
    } catch (error) {
      throw new ApiError("CliToolNotInstalled", (error as Error).message);
    }
    return [status.link];
  }

  private deps(): CliLinkDeps {
    const tool = this.parts.tool;
    return {
      platform: tool?.platform ?? process.platform,
      env: tool?.env ?? this.parts.env,
      link: tool?.link ?? this.parts.locations.cliLink,
      ...(tool?.run ? { run: tool.run } : {}),
    };
  }

  private async act(
    action: (executable: string | undefined, deps: CliLinkDeps) => Promise<CliLinkStatus>,
  ): Promise<CliToolStatus> {
    try {
      const status = await action(this.parts.tool?.executable, this.deps());
      return {
        available: status.executable !== undefined,
        link: status.link,
        installed: status.installed,
        onPath: status.onPath,
        ...(status.conflict !== undefined ? { conflict: status.conflict } : {}),
      };
    } catch (error) {
      if (error instanceof CliLinkError) throw new ApiError("CliToolNotLinked", error.message);
      throw new ApiError(
        "CliToolNotLinked",
        `The command line tool could not be linked: ${(error as Error).message}`,
      );
    }
  }
}

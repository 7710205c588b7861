# The part of Homebrew's cask and formula language that SSO Tray's tap uses, as plain Ruby, so the
# tests can evaluate the generated files without Homebrew (which runs on macOS and Linuxbrew only).
# Only the methods below exist: a misspelt stanza or a wrong argument raises, as it would in brew.
# Prints what the file declares for one system and processor as JSON.
#
#   ruby homebrew-dsl.rb cask FILE (arm|intel)
#   ruby homebrew-dsl.rb formula FILE (macos|linux) (arm|intel) STAGING BIN
#
# For a formula it also runs `install` (copying the staged download into BIN) and the `test do`
# block, for real, in STAGING.
require "json"
require "open3"
require "pathname"
require "fileutils"

kind, file = ARGV
RECORD = Hash.new { |h, k| h[k] = [] }

class LivecheckDSL
  def url(value) = RECORD[:livecheck_url] << value.to_s
  def strategy(value) = RECORD[:livecheck_strategy] << value.to_s
end

class CaskDSL
  def initialize(cpu) = @cpu = cpu

  def arch(arm: nil, intel: nil)
    return @arch if arm.nil? && intel.nil?

    @arch = @cpu == "arm" ? arm : intel
  end

  def version(value = nil)
    return @version if value.nil?

    @version = value
  end

  def sha256(value = nil, arm: nil, intel: nil)
    RECORD[:sha256] << (value || (@cpu == "arm" ? arm : intel))
  end

  def url(value, verified: nil) = RECORD[:url] << value
  def name(value) = RECORD[:name] << value
  def desc(value) = RECORD[:desc] << value
  def homepage(value) = RECORD[:homepage] << value
  def livecheck(&block) = LivecheckDSL.new.instance_eval(&block)
  def auto_updates(value) = RECORD[:auto_updates] << value
  def depends_on(macos:) = RECORD[:depends_on_macos] << macos
  def app(value) = RECORD[:app] << value
  def binary(value, target: nil) = RECORD[:binary] << value
  def appdir = "/Applications"
  def uninstall(quit: nil, launchctl: nil) = RECORD[:uninstall_quit] << quit
  def zap(trash:) = RECORD[:zap_trash].concat(Array(trash))
end

def cask(token, &block)
  RECORD[:token] << token
  CaskDSL.new(ARGV[2]).instance_eval(&block)
end

module OS
  def self.mac? = ARGV[2] == "macos"
  def self.linux? = ARGV[2] == "linux"
end

module Hardware
  module CPU
    def self.arm? = ARGV[3] == "arm"
    def self.intel? = ARGV[3] == "intel"
  end
end

# Homebrew's bin: a Pathname whose install moves a staged download in, renamed.
class BinPath < Pathname
  def install(files)
    mkpath
    (files.is_a?(Hash) ? files : { files => File.basename(files) }).each do |from, to|
      RECORD[:installed] << { "from" => from, "to" => to }
      FileUtils.cp(from, join(to))
      FileUtils.chmod(0o755, join(to))
    end
  end
end

class Formula
  class << self
    attr_reader :test_block

    def desc(value) = RECORD[:desc] << value
    def homepage(value) = RECORD[:homepage] << value
    def license(value) = RECORD[:license] << value
    def livecheck(&block) = LivecheckDSL.new.instance_eval(&block)
    def url(value) = RECORD[:url] << value
    def sha256(value) = RECORD[:sha256] << value
    def on_macos = (yield if OS.mac?)
    def on_linux = (yield if OS.linux?)
    def on_arm = (yield if Hardware::CPU.arm?)
    def on_intel = (yield if Hardware::CPU.intel?)
    def test(&block) = @test_block = block

    def version(value = nil)
      return @version if value.nil?

      @version = value
    end
  end

  def version = self.class.version
  def bin = BinPath.new(ARGV[5])

  def shell_output(command)
    RECORD[:shell_output] << command
    out, status = Open3.capture2(command)
    raise "#{command} exited #{status.exitstatus}" unless status.success?

    out
  end

  def assert_equal(expected, actual)
    raise "expected #{expected.inspect}, got #{actual.inspect}" unless expected == actual

    RECORD[:assertions] << expected
  end
end

case kind
when "cask"
  load file
when "formula"
  load file
  formula_class = Formula.subclasses.first
  RECORD[:class] << formula_class.name
  RECORD[:caveats] << formula_class.new.caveats if formula_class.method_defined?(:caveats)
  Dir.chdir(ARGV[4]) do
    formula = formula_class.new
    formula.install
    formula.instance_eval(&formula_class.test_block)
  end
else
  abort "usage: ruby #{$PROGRAM_NAME} (cask|formula) FILE ..."
end
puts JSON.generate(RECORD)

//! Fixtures for the settings-catalog rules U070–U075: each rule fires on a small file and stays
//! quiet on its correct twin; a realistic clean file raises none of them.

use super::{Diagnostic, Options, Severity, check, check_with};
use crate::answer::Answer;
use crate::document::Document;

const WCM: &str = "http://schemas.microsoft.com/WMIConfig/2002/State";

/// One `<settings>` block with one component holding `body`.
fn file(pass: &str, component: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="{WCM}">
  <settings pass="{pass}">
    <component name="{component}" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
{body}
    </component>
  </settings>
</unattend>
"#
    )
}

fn lint(xml: &str) -> Vec<Diagnostic> {
    let doc = Document::load(xml.as_bytes()).expect("fixture loads");
    let answer = Answer::build(&doc);
    check(&doc, &answer)
}

/// The diagnostics of the settings rules only.
fn catalog_rules(xml: &str) -> Vec<Diagnostic> {
    lint(xml)
        .into_iter()
        .filter(|d| ("U070".."U076").contains(&d.code))
        .collect()
}

fn with_code(xml: &str, code: &str) -> Vec<Diagnostic> {
    lint(xml).into_iter().filter(|d| d.code == code).collect()
}

/// Exactly one diagnostic of `code`, returned for further checks.
fn one(xml: &str, code: &str) -> Diagnostic {
    let mut found = with_code(xml, code);
    assert_eq!(found.len(), 1, "expected one {code}, got {found:#?}");
    found.remove(0)
}

fn quiet(xml: &str) {
    let found = catalog_rules(xml);
    assert!(found.is_empty(), "expected no U070–U075, got {found:#?}");
}

const SETUP: &str = "Microsoft-Windows-Setup";
const SHELL: &str = "Microsoft-Windows-Shell-Setup";

fn modify_partition(children: &str) -> String {
    format!(
        r#"<DiskConfiguration><Disk wcm:action="add"><DiskID>0</DiskID>
<ModifyPartitions><ModifyPartition wcm:action="add"><Order>1</Order>{children}</ModifyPartition></ModifyPartitions>
</Disk></DiskConfiguration>"#
    )
}

// U070

#[test]
fn u070_case_slip_suggests_the_documented_spelling() {
    let d = one(
        &file(
            "windowsPE",
            SETUP,
            &modify_partition("<PartitionId>1</PartitionId>"),
        ),
        "U070",
    );
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message
            .contains("not in the public reference (2018 snapshot)")
    );
    assert!(d.message.contains("wrong case"), "{}", d.message);
    assert!(
        d.message.contains("ModifyPartition/PartitionID"),
        "{}",
        d.message
    );
    quiet(&file(
        "windowsPE",
        SETUP,
        &modify_partition("<PartitionID>1</PartitionID>"),
    ));
}

#[test]
fn u070_setting_of_another_component_names_the_owner() {
    let xml = file(
        "specialize",
        "Microsoft-Windows-International-Core",
        "<ComputerName>PC1</ComputerName>",
    );
    let d = one(&xml, "U070");
    assert!(
        d.message
            .contains("belongs to component Microsoft-Windows-Shell-Setup"),
        "{}",
        d.message
    );
    quiet(&file(
        "specialize",
        SHELL,
        "<ComputerName>PC1</ComputerName>",
    ));
}

#[test]
fn u070_reports_an_unknown_subtree_once() {
    let xml = file(
        "oobeSystem",
        SHELL,
        "<Contoso><Inner><Deeper>1</Deeper></Inner><Other/></Contoso>",
    );
    let d = one(&xml, "U070");
    assert!(d.message.starts_with("<Contoso>"), "{}", d.message);
}

#[test]
fn u070_spelling_slip_gets_a_did_you_mean() {
    let xml = file(
        "oobeSystem",
        SHELL,
        "<OOBE><HideEULAPge>true</HideEULAPge></OOBE>",
    );
    let d = one(&xml, "U070");
    assert!(d.message.contains("OOBE/HideEULAPage"), "{}", d.message);
}

#[test]
fn u070_key_written_as_an_element() {
    let xml = file(
        "specialize",
        "Microsoft-Windows-DNS-Client",
        r#"<DNSSuffixSearchOrder><DomainName wcm:action="add" wcm:keyValue="1"><Key>1</Key></DomainName></DNSSuffixSearchOrder>"#,
    );
    let d = one(&xml, "U070");
    assert!(
        d.message.contains("wcm:keyValue attribute"),
        "{}",
        d.message
    );
}

#[test]
fn component_names_compare_case_insensitively() {
    quiet(&file(
        "oobeSystem",
        "microsoft-windows-shell-setup",
        "<OOBE><HideEULAPage>true</HideEULAPage></OOBE>",
    ));
}

// U071

#[test]
fn u071_autologon_outside_its_passes_once_for_the_subtree() {
    let body = "<AutoLogon><Enabled>true</Enabled><Username>a</Username><LogonCount>1</LogonCount></AutoLogon>";
    let d = one(&file("windowsPE", SHELL, body), "U071");
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message
            .contains("AutoLogon is not valid in windowsPE; the reference allows it only in specialize, auditSystem, oobeSystem"),
        "{}",
        d.message
    );
    // The reference lists specialize among AutoLogon's passes (as do the Vista pages), so
    // AutoLogon in specialize (as in corpus file 021) is not a pass error.
    quiet(&file("specialize", SHELL, body));
    quiet(&file("oobeSystem", SHELL, body));
}

#[test]
fn u071_computer_name_in_oobe_system() {
    let d = one(
        &file("oobeSystem", SHELL, "<ComputerName>PC1</ComputerName>"),
        "U071",
    );
    assert!(
        d.message.contains("offlineServicing, specialize"),
        "{}",
        d.message
    );
}

#[test]
fn u071_oobe_in_specialize() {
    let body = "<OOBE><HideEULAPage>true</HideEULAPage><ProtectYourPC>3</ProtectYourPC></OOBE>";
    let d = one(&file("specialize", SHELL, body), "U071");
    assert!(d.message.starts_with("OOBE is not valid in specialize"));
    assert!(d.message.contains("only in oobeSystem"));
    quiet(&file("oobeSystem", SHELL, body));
}

#[test]
fn u071_not_for_an_unknown_pass() {
    let xml = file("oobesystem", SHELL, "<ComputerName>PC1</ComputerName>");
    assert!(with_code(&xml, "U071").is_empty());
    assert_eq!(with_code(&xml, "U011").len(), 1);
}

#[test]
fn command_lists_are_left_to_their_own_rules() {
    // A list container in the wrong pass is U020's; its items and fields are not re-reported.
    let body = r#"<RunSynchronous><RunSynchronousCommand wcm:action="add"><Order>1</Order><Path>cmd /c exit</Path></RunSynchronousCommand></RunSynchronous>"#;
    let xml = file("oobeSystem", "Microsoft-Windows-Deployment", body);
    assert_eq!(with_code(&xml, "U020").len(), 1);
    assert!(catalog_rules(&xml).is_empty(), "{:#?}", catalog_rules(&xml));
    // A missing wcm:action and an unknown child in a command: U022 and U023, not U073/U070.
    let body = r#"<FirstLogonCommands><SynchronousCommand><Order>1</Order><CommandLine>cmd</CommandLine><Foo/></SynchronousCommand></FirstLogonCommands>"#;
    let xml = file("oobeSystem", SHELL, body);
    assert_eq!(with_code(&xml, "U022").len(), 1);
    assert_eq!(with_code(&xml, "U023").len(), 1);
    assert!(catalog_rules(&xml).is_empty(), "{:#?}", catalog_rules(&xml));
}

// U072

fn value_problem(pass: &str, component: &str, body: &str) -> Diagnostic {
    one(&file(pass, component, body), "U072")
}

#[test]
fn u072_bool() {
    let d = value_problem(
        "oobeSystem",
        SHELL,
        "<OOBE><HideEULAPage>yes</HideEULAPage></OOBE>",
    );
    assert_eq!(
        d.message,
        "HideEULAPage: \"yes\" is not a boolean; use true or false"
    );
    assert_eq!(d.severity, Severity::Error);
    quiet(&file(
        "oobeSystem",
        SHELL,
        "<OOBE><HideEULAPage>True</HideEULAPage></OOBE>",
    ));
}

#[test]
fn u072_span_is_the_text() {
    let xml = file(
        "oobeSystem",
        SHELL,
        "<OOBE><HideEULAPage>yes</HideEULAPage></OOBE>",
    );
    let d = one(&xml, "U072");
    assert_eq!(d.span.of(&xml), "yes");
}

#[test]
fn u072_enum_in_the_wrong_case() {
    let d = value_problem(
        "windowsPE",
        SETUP,
        &modify_partition("<Format>ntfs</Format>"),
    );
    assert!(d.message.contains("write \"NTFS\""), "{}", d.message);
    quiet(&file(
        "windowsPE",
        SETUP,
        &modify_partition("<Format>NTFS</Format>"),
    ));
}

#[test]
fn u072_enum_spelling_documented_for_a_twin_setting_is_accepted() {
    // The International-Core-WinPE page spells it "onError"; the other WillShowUI pages and
    // Windows SIM write "OnError".
    let body = "<SetupUILanguage><UILanguage>en-US</UILanguage><WillShowUI>OnError</WillShowUI></SetupUILanguage>";
    let xml = file(
        "windowsPE",
        "Microsoft-Windows-International-Core-WinPE",
        body,
    );
    assert!(with_code(&xml, "U072").is_empty());
    let d = one(&xml.replace(">OnError<", ">onerror<"), "U072");
    assert!(d.message.contains("wrong case"), "{}", d.message);
}

#[test]
fn u072_integer_out_of_range() {
    let d = value_problem(
        "specialize",
        "Microsoft-Windows-CoreMmRes",
        "<CameraSoundLevel>101</CameraSoundLevel>",
    );
    assert!(d.message.contains("allowed: 0 to 100"), "{}", d.message);
    quiet(&file(
        "specialize",
        "Microsoft-Windows-CoreMmRes",
        "<CameraSoundLevel>100</CameraSoundLevel>",
    ));
}

#[test]
fn u072_too_long_in_characters_and_bytes() {
    let long = "A".repeat(64);
    let d = value_problem(
        "windowsPE",
        SETUP,
        &format!("<UserData><FullName>{long}</FullName></UserData>"),
    );
    assert!(
        d.message.contains("64 characters long; at most 63"),
        "{}",
        d.message
    );
    let d = value_problem(
        "specialize",
        SHELL,
        "<ComputerName>WORKSTATION-0042</ComputerName>",
    );
    assert!(d.message.contains("16 bytes"), "{}", d.message);
    quiet(&file(
        "specialize",
        SHELL,
        "<ComputerName>WORKSTATION-042</ComputerName>",
    ));
}

#[test]
fn u072_drive_letter_pattern() {
    let d = value_problem("windowsPE", SETUP, &modify_partition("<Letter>B</Letter>"));
    assert!(d.message.contains("from C to Z"), "{}", d.message);
    quiet(&file(
        "windowsPE",
        SETUP,
        &modify_partition("<Letter>C</Letter>"),
    ));
}

#[test]
fn u072_empty_where_not_allowed() {
    // An empty enumeration is an error.
    let body = r#"<DiskConfiguration><Disk wcm:action="add"><DiskID>0</DiskID><CreatePartitions><CreatePartition wcm:action="add"><Order>1</Order><Type></Type></CreatePartition></CreatePartitions></Disk></DiskConfiguration>"#;
    let d = value_problem("windowsPE", SETUP, body);
    assert!(
        d.message.contains("Type must not be empty"),
        "{}",
        d.message
    );
    assert_eq!(d.severity, Severity::Error);
    // An empty text the reference does not allow is a warning (empty product keys are common).
    let d = value_problem(
        "windowsPE",
        SETUP,
        "<UserData><ProductKey><Key/></ProductKey></UserData>",
    );
    assert!(d.message.contains("Key must not be empty"), "{}", d.message);
    assert_eq!(d.severity, Severity::Warning);
    // Empty where the reference allows it.
    quiet(&file(
        "oobeSystem",
        SHELL,
        "<RegisteredOwner></RegisteredOwner>",
    ));
}

// U073

#[test]
fn u073_list_item_without_action() {
    let body = r#"<DiskConfiguration><Disk wcm:action="add"><DiskID>0</DiskID><CreatePartitions><CreatePartition><Order>1</Order><Type>Primary</Type></CreatePartition></CreatePartitions></Disk></DiskConfiguration>"#;
    let xml = file("windowsPE", SETUP, body);
    let d = one(&xml, "U073");
    assert!(d.message.contains("<CreatePartition>"), "{}", d.message);
    assert_eq!(d.span.of(&xml), "<CreatePartition>");
    let fix = d.fix.expect("a fix");
    assert_eq!(fix.edits[0].text, " wcm:action=\"add\"");
    quiet(&file(
        "windowsPE",
        SETUP,
        &body.replace("<CreatePartition>", "<CreatePartition wcm:action=\"add\">"),
    ));
}

#[test]
fn u073_unknown_action_value() {
    let body = r#"<DiskConfiguration><Disk wcm:action="append"><DiskID>0</DiskID></Disk></DiskConfiguration>"#;
    let d = one(&file("windowsPE", SETUP, body), "U073");
    assert!(d.message.contains("\"append\""), "{}", d.message);
}

#[test]
fn u073_keyed_item_without_its_key() {
    // Key as the wcm:keyValue attribute.
    let body = r#"<DNSSuffixSearchOrder><DomainName wcm:action="add">contoso.com</DomainName></DNSSuffixSearchOrder>"#;
    let d = one(
        &file("specialize", "Microsoft-Windows-DNS-Client", body),
        "U073",
    );
    assert!(d.message.contains("no wcm:keyValue"), "{}", d.message);
    quiet(&file(
        "specialize",
        "Microsoft-Windows-DNS-Client",
        &body.replace(
            "wcm:action=\"add\"",
            "wcm:action=\"add\" wcm:keyValue=\"1\"",
        ),
    ));
    // Key as a child element.
    let body = r#"<ImageInstall><OSImage><InstallFrom><MetaData wcm:action="add"><Value>1</Value></MetaData></InstallFrom></OSImage></ImageInstall>"#;
    let d = one(&file("windowsPE", SETUP, body), "U073");
    assert!(d.message.contains("has no <Key>"), "{}", d.message);
    quiet(&file(
        "windowsPE",
        SETUP,
        &body.replace("<Value>", "<Key>/IMAGE/INDEX</Key><Value>"),
    ));
}

// U074

#[test]
fn u074_deprecated_setting_says_since_when() {
    let d = one(
        &file(
            "oobeSystem",
            SHELL,
            "<OOBE><NetworkLocation>Work</NetworkLocation></OOBE>",
        ),
        "U074",
    );
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message.contains("deprecated in Windows 10"),
        "{}",
        d.message
    );
    let d = one(
        &file(
            "specialize",
            "Microsoft-Windows-Wlansvc",
            "<WLANFunctionLevelDeviceResetSupported>true</WLANFunctionLevelDeviceResetSupported>",
        ),
        "U074",
    );
    assert!(
        d.message.contains("deprecated in Windows 10 version 1803"),
        "{}",
        d.message
    );
    quiet(&file(
        "oobeSystem",
        SHELL,
        "<OOBE><HideEULAPage>true</HideEULAPage></OOBE>",
    ));
}

#[test]
fn u074_deprecated_component_reported_once() {
    let xml = file(
        "specialize",
        "Microsoft-Windows-WiFiNetworkManager",
        "<DefaultAutoConnectSharedState>0</DefaultAutoConnectSharedState><WiFiSharingSkypeInitial>0</WiFiSharingSkypeInitial>",
    );
    let d = one(&xml, "U074");
    assert!(
        d.message
            .starts_with("component Microsoft-Windows-WiFiNetworkManager is deprecated"),
        "{}",
        d.message
    );
}

// U075

#[test]
fn u075_unknown_component_is_info_and_not_checked() {
    let xml = file(
        "specialize",
        "Contoso-Windows-Agent",
        "<Anything><Goes>here</Goes></Anything>",
    );
    let d = one(&xml, "U075");
    assert_eq!(d.severity, Severity::Info);
    assert_eq!(d.span.of(&xml), "Contoso-Windows-Agent");
    assert_eq!(catalog_rules(&xml).len(), 1);
}

#[test]
fn no_catalog_option_turns_the_rules_off() {
    let xml = file("specialize", "Contoso-Windows-Agent", "<Anything/>");
    let doc = Document::load(xml.as_bytes()).expect("loads");
    let answer = Answer::build(&doc);
    let off = check_with(&doc, &answer, &Options { catalog: false });
    assert!(off.iter().all(|d| d.code != "U075"));
    let on = check_with(&doc, &answer, &Options::default());
    assert!(on.iter().any(|d| d.code == "U075"));
    assert_eq!(on, check(&doc, &answer));
    assert!(Options::default().catalog);
}

/// A typical Windows 11 answer file written the way Windows SIM and the common generators do.
const CLEAN: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
  <settings pass="windowsPE">
    <component name="Microsoft-Windows-International-Core-WinPE" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <SetupUILanguage>
        <UILanguage>en-US</UILanguage>
      </SetupUILanguage>
      <InputLocale>0409:00000409</InputLocale>
      <SystemLocale>en-US</SystemLocale>
      <UILanguage>en-US</UILanguage>
      <UserLocale>en-US</UserLocale>
    </component>
    <component name="Microsoft-Windows-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <DiskConfiguration>
        <Disk wcm:action="add">
          <DiskID>0</DiskID>
          <WillWipeDisk>true</WillWipeDisk>
          <CreatePartitions>
            <CreatePartition wcm:action="add">
              <Order>1</Order>
              <Type>EFI</Type>
              <Size>300</Size>
            </CreatePartition>
            <CreatePartition wcm:action="add">
              <Order>2</Order>
              <Type>MSR</Type>
              <Size>16</Size>
            </CreatePartition>
            <CreatePartition wcm:action="add">
              <Order>3</Order>
              <Type>Primary</Type>
              <Extend>true</Extend>
            </CreatePartition>
          </CreatePartitions>
          <ModifyPartitions>
            <ModifyPartition wcm:action="add">
              <Order>1</Order>
              <PartitionID>1</PartitionID>
              <Format>FAT32</Format>
              <Label>System</Label>
            </ModifyPartition>
            <ModifyPartition wcm:action="add">
              <Order>2</Order>
              <PartitionID>3</PartitionID>
              <Format>NTFS</Format>
              <Label>Windows</Label>
              <Letter>C</Letter>
            </ModifyPartition>
          </ModifyPartitions>
        </Disk>
      </DiskConfiguration>
      <ImageInstall>
        <OSImage>
          <InstallFrom>
            <MetaData wcm:action="add">
              <Key>/IMAGE/INDEX</Key>
              <Value>6</Value>
            </MetaData>
          </InstallFrom>
          <InstallTo>
            <DiskID>0</DiskID>
            <PartitionID>3</PartitionID>
          </InstallTo>
        </OSImage>
      </ImageInstall>
      <UserData>
        <AcceptEula>true</AcceptEula>
        <FullName>Lab User</FullName>
        <Organization>Contoso</Organization>
        <ProductKey>
          <Key>VK7JG-NPHTM-C97JM-9MPGT-3V66T</Key>
          <WillShowUI>Never</WillShowUI>
        </ProductKey>
      </UserData>
      <RunSynchronous>
        <RunSynchronousCommand wcm:action="add">
          <Order>1</Order>
          <Path>reg.exe add "HKLM\SYSTEM\Setup\LabConfig" /v BypassTPMCheck /t REG_DWORD /d 1 /f</Path>
        </RunSynchronousCommand>
      </RunSynchronous>
    </component>
  </settings>
  <settings pass="specialize">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <ComputerName>LAB-PC-01</ComputerName>
      <TimeZone>W. Europe Standard Time</TimeZone>
    </component>
    <component name="Microsoft-Windows-DNS-Client" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <DNSSuffixSearchOrder>
        <DomainName wcm:action="add" wcm:keyValue="1">contoso.com</DomainName>
      </DNSSuffixSearchOrder>
    </component>
    <component name="Microsoft-Windows-Deployment" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <RunSynchronous>
        <RunSynchronousCommand wcm:action="add">
          <Order>1</Order>
          <Path>powershell.exe -NoProfile -Command "Set-ExecutionPolicy RemoteSigned -Force"</Path>
        </RunSynchronousCommand>
      </RunSynchronous>
    </component>
  </settings>
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-International-Core" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <InputLocale>0409:00000409</InputLocale>
      <SystemLocale>en-US</SystemLocale>
      <UILanguage>en-US</UILanguage>
      <UserLocale>en-US</UserLocale>
    </component>
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <OOBE>
        <HideEULAPage>true</HideEULAPage>
        <HideOEMRegistrationScreen>true</HideOEMRegistrationScreen>
        <HideOnlineAccountScreens>true</HideOnlineAccountScreens>
        <HideWirelessSetupInOOBE>true</HideWirelessSetupInOOBE>
        <ProtectYourPC>3</ProtectYourPC>
      </OOBE>
      <UserAccounts>
        <LocalAccounts>
          <LocalAccount wcm:action="add">
            <Name>labuser</Name>
            <Group>Administrators</Group>
            <Password>
              <Value>UABhAHMAcwB3AG8AcgBkAFAAYQBzAHMAdwBvAHIAZAA=</Value>
              <PlainText>false</PlainText>
            </Password>
          </LocalAccount>
        </LocalAccounts>
      </UserAccounts>
      <AutoLogon>
        <Username>labuser</Username>
        <Enabled>true</Enabled>
        <LogonCount>1</LogonCount>
        <Password>
          <Value>UABhAHMAcwB3AG8AcgBkAFAAYQBzAHMAdwBvAHIAZAA=</Value>
          <PlainText>false</PlainText>
        </Password>
      </AutoLogon>
      <FirstLogonCommands>
        <SynchronousCommand wcm:action="add">
          <Order>1</Order>
          <CommandLine>cmd /c echo done</CommandLine>
          <Description>Say done</Description>
        </SynchronousCommand>
      </FirstLogonCommands>
    </component>
  </settings>
</unattend>
"#;

#[test]
fn a_clean_realistic_file_raises_none() {
    quiet(CLEAN);
}

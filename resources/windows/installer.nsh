; NSIS include for electron-builder (electron-builder.yml nsis.include): auto-start on Windows.
; The installer adds a Task Scheduler task that starts the kiosk at every logon of any user
; and restarts it (every minute, up to 999 times) if it stops with an error; the shell itself
; backs off after quick restarts (main/relaunch-backoff.ts). The uninstaller removes the task.
; Documented in docs/kiosk-session.md.

!macro customInstall
  ; The task definition is written next to the app with the real install path, then imported.
  ; UTF-16 LE with a byte-order mark, as schtasks expects (the install path may be Chinese).
  FileOpen $0 "$INSTDIR\village-kiosk-task.xml" w
  FileWriteWord $0 0xFEFF
  FileWriteUTF16LE $0 '<?xml version="1.0" encoding="UTF-16"?>$\r$\n'
  FileWriteUTF16LE $0 '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">$\r$\n'
  FileWriteUTF16LE $0 '  <RegistrationInfo><Description>Village Service Kiosk: start at logon, restart on failure</Description></RegistrationInfo>$\r$\n'
  FileWriteUTF16LE $0 '  <Triggers><LogonTrigger><Enabled>true</Enabled></LogonTrigger></Triggers>$\r$\n'
  FileWriteUTF16LE $0 '  <Principals><Principal id="Author"><GroupId>S-1-5-32-545</GroupId><RunLevel>LeastPrivilege</RunLevel></Principal></Principals>$\r$\n'
  FileWriteUTF16LE $0 '  <Settings>$\r$\n'
  FileWriteUTF16LE $0 '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>$\r$\n'
  FileWriteUTF16LE $0 '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>$\r$\n'
  FileWriteUTF16LE $0 '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>$\r$\n'
  FileWriteUTF16LE $0 '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>$\r$\n'
  FileWriteUTF16LE $0 '    <RestartOnFailure><Interval>PT1M</Interval><Count>999</Count></RestartOnFailure>$\r$\n'
  FileWriteUTF16LE $0 '    <Enabled>true</Enabled>$\r$\n'
  FileWriteUTF16LE $0 '  </Settings>$\r$\n'
  FileWriteUTF16LE $0 '  <Actions Context="Author"><Exec><Command>"$INSTDIR\${APP_EXECUTABLE_FILENAME}"</Command></Exec></Actions>$\r$\n'
  FileWriteUTF16LE $0 '</Task>$\r$\n'
  FileClose $0
  nsExec::ExecToLog 'schtasks /Create /F /TN "Village Service Kiosk" /XML "$INSTDIR\village-kiosk-task.xml"'
  Pop $1
  ${If} $1 != 0
    DetailPrint "Could not add the auto-start task (schtasks exit $1); add it by hand, see docs/kiosk-session.md"
  ${EndIf}
!macroend

!macro customUnInstall
  nsExec::ExecToLog 'schtasks /Delete /F /TN "Village Service Kiosk"'
  Pop $1
  Delete "$INSTDIR\village-kiosk-task.xml"
!macroend

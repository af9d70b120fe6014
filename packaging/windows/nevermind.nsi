; NEVER MIND for Windows: a per-user installer (no administrator), made by
; scripts/dist-windows.sh with makensis. Defines from the command line:
;   VERSION (shown), VERSION4 (a.b.c.d for the file's version information),
;   SRC (the folder to install), OUT (the setup file), ICON.
Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"

Name "NEVER MIND"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\NeverMind"
InstallDirRegKey HKCU "Software\NeverMind" "InstallDir"
BrandingText "NEVER MIND ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey "ProductName" "NEVER MIND"
VIAddVersionKey "FileDescription" "NEVER MIND setup"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "NEVER MIND"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_FINISHPAGE_RUN "$INSTDIR\nevermind-app.exe"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Korean"
!insertmacro MUI_LANGUAGE "English"

!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\NeverMind"

Section "NEVER MIND"
  SetOutPath "$INSTDIR"
  File /r "${SRC}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\NeverMind" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "NEVER MIND"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "NEVER MIND"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\nevermind-app.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  CreateShortcut "$SMPROGRAMS\NEVER MIND.lnk" "$INSTDIR\nevermind-app.exe"
  CreateShortcut "$DESKTOP\NEVER MIND.lnk" "$INSTDIR\nevermind-app.exe"
SectionEnd

; Removes what the installer put there and nothing else: the user's data in
; %LOCALAPPDATA%\NeverMind (recordings, database, speech models) stays.
Section "Uninstall"
  Delete "$SMPROGRAMS\NEVER MIND.lnk"
  Delete "$DESKTOP\NEVER MIND.lnk"
  Delete "$INSTDIR\nevermind-app.exe"
  Delete "$INSTDIR\nevermind.exe"
  Delete "$INSTDIR\NOTICE.txt"
  RMDir /r "$INSTDIR\lib"
  RMDir /r "$INSTDIR\models"
  RMDir /r "$INSTDIR\fonts"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\NeverMind"
SectionEnd

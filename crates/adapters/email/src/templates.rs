//! The message templates: each [`AuthMail`] becomes a subject, a plain-text body and an HTML
//! body. Every value put into HTML is escaped.

use mentor_auth::AuthMail;
use secrecy::ExposeSecret;

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
}

/// Renders messages with links into the public site.
#[derive(Debug, Clone)]
pub struct Templates {
    public_url: String,
}

fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn html_page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:sans-serif;line-height:1.5;max-width:36em\">{body}\
         <p style=\"color:#555\">-- Mentor</p></body></html>\n",
        escape(title)
    )
}

impl Templates {
    /// Templates whose links point at `public_url` (no trailing slash needed).
    #[must_use]
    pub fn new(public_url: &str) -> Self {
        Self {
            public_url: public_url.trim_end_matches('/').to_owned(),
        }
    }

    /// Renders one message.
    #[must_use]
    pub fn render(&self, mail: &AuthMail) -> RenderedMail {
        match mail {
            AuthMail::VerifyEmail {
                display_name,
                token,
                valid_hours,
            } => {
                let token = token.expose_secret();
                // The token travels in the fragment, which browsers never send to a server
                // or put in a Referer header; the page posts it to the API.
                let link = format!("{}/verify-email#token={token}", self.public_url);
                let subject = "Confirm your email address for Mentor".to_owned();
                let text = format!(
                    "Hello {name},\n\nPlease confirm your email address by opening this link:\n\n{link}\n\n\
                     Your verification code: {token}\n\n\
                     The link works once and expires in {valid_hours} hours. If you did not sign up \
                     for Mentor, ignore this message.\n\n-- Mentor\n",
                    name = display_name.as_str()
                );
                let html = html_page(
                    &subject,
                    &format!(
                        "<p>Hello {name},</p><p>Please confirm your email address:</p>\
                         <p><a href=\"{link}\">Confirm my address</a></p>\
                         <p>Or use this code: <code>{token}</code></p>\
                         <p>The link works once and expires in {valid_hours} hours. If you did not \
                         sign up for Mentor, ignore this message.</p>",
                        name = escape(display_name.as_str()),
                        link = escape(&link),
                        token = escape(token),
                    ),
                );
                RenderedMail {
                    subject,
                    text,
                    html,
                }
            }
            AuthMail::PasswordReset {
                display_name,
                token,
                valid_minutes,
            } => {
                let token = token.expose_secret();
                let link = format!("{}/reset-password#token={token}", self.public_url);
                let subject = "Choose a new Mentor password".to_owned();
                let text = format!(
                    "Hello {name},\n\nSomeone (hopefully you) asked to reset the password of your Mentor \
                     account. Choose a new one here:\n\n{link}\n\n\
                     Your password reset code: {token}\n\n\
                     The code works once and expires in {valid_minutes} minutes. If you did not ask, \
                     ignore this message; your password stays as it is.\n\n-- Mentor\n",
                    name = display_name.as_str()
                );
                let html = html_page(
                    &subject,
                    &format!(
                        "<p>Hello {name},</p><p>Someone (hopefully you) asked to reset the password \
                         of your Mentor account.</p><p><a href=\"{link}\">Choose a new password</a></p>\
                         <p>Or use this code: <code>{token}</code></p>\
                         <p>The code works once and expires in {valid_minutes} minutes. If you did \
                         not ask, ignore this message; your password stays as it is.</p>",
                        name = escape(display_name.as_str()),
                        link = escape(&link),
                        token = escape(token),
                    ),
                );
                RenderedMail {
                    subject,
                    text,
                    html,
                }
            }
            AuthMail::PasswordChanged { display_name } => {
                let reset = format!("{}/forgot-password", self.public_url);
                let subject = "Your Mentor password was changed".to_owned();
                let text = format!(
                    "Hello {name},\n\nThe password of your Mentor account was just changed, and every \
                     device was signed out. If that was you, nothing else is needed.\n\n\
                     If it was not you, reset your password now: {reset}\n\n-- Mentor\n",
                    name = display_name.as_str()
                );
                let html = html_page(
                    &subject,
                    &format!(
                        "<p>Hello {name},</p><p>The password of your Mentor account was just changed, \
                         and every device was signed out. If that was you, nothing else is needed.</p>\
                         <p>If it was not you, <a href=\"{link}\">reset your password now</a>.</p>",
                        name = escape(display_name.as_str()),
                        link = escape(&reset),
                    ),
                );
                RenderedMail {
                    subject,
                    text,
                    html,
                }
            }
            AuthMail::ConfirmEmailChange {
                display_name,
                token,
                valid_hours,
            } => {
                let token = token.expose_secret();
                let link = format!("{}/confirm-email#token={token}", self.public_url);
                let subject = "Confirm your new Mentor sign-in address".to_owned();
                let text = format!(
                    "Hello {name},\n\nYou asked to use this address to sign in to Mentor. Confirm it \
                     here while signed in:\n\n{link}\n\nYour confirmation code: {token}\n\n\
                     The code works once and expires in {valid_hours} hours. If you did not ask, \
                     ignore this message; nothing changes.\n\n-- Mentor\n",
                    name = display_name.as_str()
                );
                let html = html_page(
                    &subject,
                    &format!(
                        "<p>Hello {name},</p><p>You asked to use this address to sign in to Mentor.</p>\
                         <p><a href=\"{link}\">Confirm the new address</a> (while signed in)</p>\
                         <p>Or use this code: <code>{token}</code></p>\
                         <p>The code works once and expires in {valid_hours} hours. If you did not \
                         ask, ignore this message; nothing changes.</p>",
                        name = escape(display_name.as_str()),
                        link = escape(&link),
                        token = escape(token),
                    ),
                );
                RenderedMail {
                    subject,
                    text,
                    html,
                }
            }
            AuthMail::EmailChanged { display_name } => {
                let reset = format!("{}/forgot-password", self.public_url);
                let subject = "Your Mentor sign-in address was changed".to_owned();
                let text = format!(
                    "Hello {name},\n\nThe sign-in address of your Mentor account was just changed \
                     to another address. If that was you, nothing else is needed.\n\n\
                     If it was not you, contact support and reset your password: {reset}\n\n-- Mentor\n",
                    name = display_name.as_str()
                );
                let html = html_page(
                    &subject,
                    &format!(
                        "<p>Hello {name},</p><p>The sign-in address of your Mentor account was just \
                         changed to another address. If that was you, nothing else is needed.</p>\
                         <p>If it was not you, contact support and \
                         <a href=\"{link}\">reset your password</a>.</p>",
                        name = escape(display_name.as_str()),
                        link = escape(&reset),
                    ),
                );
                RenderedMail {
                    subject,
                    text,
                    html,
                }
            }
            AuthMail::IdentityLinked {
                display_name,
                provider,
            } => {
                let provider = match provider.as_str() {
                    "github" => "GitHub",
                    "google" => "Google",
                    other => other,
                };
                let reset = format!("{}/forgot-password", self.public_url);
                let subject = format!("{provider} sign-in was linked to your Mentor account");
                let text = format!(
                    "Hello {name},\n\nYour Mentor account can now be opened by signing in with \
                     {provider}. If that was you, nothing else is needed.\n\n\
                     If it was not you, or you did not create this Mentor account yourself, \
                     reset your password now ({reset}): whoever set it could otherwise still \
                     sign in. Then check your sessions and unlink what you do not use.\n\n-- Mentor\n",
                    name = display_name.as_str()
                );
                let html = html_page(
                    &subject,
                    &format!(
                        "<p>Hello {name},</p><p>Your Mentor account can now be opened by signing in \
                         with {provider}. If that was you, nothing else is needed.</p>\
                         <p>If it was not you, or you did not create this Mentor account yourself, \
                         <a href=\"{link}\">reset your password now</a>: whoever set it could \
                         otherwise still sign in. Then check your sessions and unlink what you do \
                         not use.</p>",
                        name = escape(display_name.as_str()),
                        provider = escape(provider),
                        link = escape(&reset),
                    ),
                );
                RenderedMail {
                    subject,
                    text,
                    html,
                }
            }
            AuthMail::AlreadyRegistered { display_name } => {
                let sign_in = format!("{}/sign-in", self.public_url);
                let subject = "Someone tried to register with your address".to_owned();
                let text = format!(
                    "Hello {name},\n\nSomeone (maybe you) tried to create a Mentor account with this \
                     address, or to move another account to it, but it already belongs to your \
                     account. Sign in here:\n\n{sign_in}\n\n\
                     If it was not you, you can ignore this message; nothing was changed.\n\n-- Mentor\n",
                    name = display_name.as_str()
                );
                let html = html_page(
                    &subject,
                    &format!(
                        "<p>Hello {name},</p><p>Someone (maybe you) tried to create a Mentor account \
                         with this address, or to move another account to it, but it already \
                         belongs to your account.</p>\
                         <p><a href=\"{link}\">Sign in</a></p>\
                         <p>If it was not you, you can ignore this message; nothing was changed.</p>",
                        name = escape(display_name.as_str()),
                        link = escape(&sign_in),
                    ),
                );
                RenderedMail {
                    subject,
                    text,
                    html,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use mentor_auth::DisplayName;
    use secrecy::SecretString;

    use super::*;

    #[test]
    fn verification_mail_carries_the_token_in_the_fragment_and_escapes_names() {
        let templates = Templates::new("https://mentor.example/");
        let mail = AuthMail::VerifyEmail {
            display_name: DisplayName::parse("<b>Ada</b>").unwrap(),
            token: SecretString::from("tok123"),
            valid_hours: 24,
        };
        let rendered = templates.render(&mail);
        assert!(
            rendered
                .text
                .contains("https://mentor.example/verify-email#token=tok123")
        );
        assert!(rendered.html.contains("&lt;b&gt;Ada&lt;/b&gt;"));
        assert!(!rendered.html.contains("<b>Ada"));
        assert!(rendered.text.contains("24 hours"));
    }
}

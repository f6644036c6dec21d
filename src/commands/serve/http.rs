//! What keeps the page safe in a browser, a hostile neighbour: the guard every request passes
//! (the `Host` it names, the `Origin` of a post), the per-process token, and the headers of
//! every answer (a content security policy without inline script, no sniffing, no framing).

use std::io::Cursor;
use std::net::IpAddr;

/// No script, style, image or frame from anywhere but the page's own address; no inline script
/// or style; forms post only to the page itself.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// `count` random bytes from the system, in hexadecimal.
pub fn random_hex(count: usize) -> String {
    let mut bytes = vec![0u8; count];
    // Without the system's randomness there is no safe token: refusing to start beats serving
    // forms anyone could forge.
    getrandom::fill(&mut bytes).expect("the system gives random bytes");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a request was refused: its status and the catalogue key of the sentence said.
pub struct Refusal {
    pub status: u16,
    pub key: &'static str,
}

/// The address the server listens on and the token its forms carry.
pub struct Guard {
    ip: IpAddr,
    port: u16,
    /// Sent with every form and checked on every post: a page of another site cannot read it,
    /// so it cannot post in the buyer's name.
    pub token: String,
}

impl Guard {
    pub fn new(ip: IpAddr, port: u16) -> Self {
        Guard {
            ip,
            port,
            token: random_hex(16),
        }
    }

    /// Whether `host` (the `Host` header) names this server. A name that resolves here only
    /// because an attacker's DNS says so (DNS rebinding) is refused: only `localhost` and the
    /// address itself, with the port, are this server. Listening on every interface
    /// (`--listen 0.0.0.0`), any address written as digits is, never a name.
    pub fn host_ok(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        if port.parse::<u16>().ok() != Some(self.port) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return self.ip.is_loopback() || self.ip.is_unspecified();
        }
        let literal = name.trim_start_matches('[').trim_end_matches(']');
        match literal.parse::<IpAddr>() {
            Ok(ip) => ip == self.ip || self.ip.is_unspecified(),
            Err(_) => false,
        }
    }

    /// Lets a request through, or says why not: a `Host` that is not this server, or a post
    /// from another site (its `Origin`, or the browser's `Sec-Fetch-Site`, says so). The token
    /// of a post is checked with its body.
    pub fn check(&self, request: &tiny_http::Request) -> Result<(), Refusal> {
        let host = header(request, "Host").unwrap_or_default();
        if !self.host_ok(&host) {
            return Err(Refusal {
                status: 421,
                key: "serve.error.host",
            });
        }
        if *request.method() != tiny_http::Method::Post {
            return Ok(());
        }
        let cross_site = Refusal {
            status: 403,
            key: "serve.error.origin",
        };
        if let Some(origin) = header(request, "Origin") {
            if origin != format!("http://{host}") {
                return Err(cross_site);
            }
        }
        if let Some(site) = header(request, "Sec-Fetch-Site") {
            if !matches!(site.as_str(), "same-origin" | "none") {
                return Err(cross_site);
            }
        }
        Ok(())
    }
}

/// A request header's value.
pub fn header(request: &tiny_http::Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_string())
}

/// An answer, before the headers every answer gets.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    /// An HTML page.
    pub fn html(status: u16, body: Vec<u8>) -> Self {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            body,
            headers: Vec::new(),
        }
    }

    /// The answer with its headers: the content security policy, no sniffing, no framing, no
    /// referrer outside the page (a browser then still names it as the origin of its posts), no
    /// cache (a result holds a tender before it is published).
    pub fn into_response(self) -> tiny_http::Response<Cursor<Vec<u8>>> {
        let mut response = tiny_http::Response::from_data(self.body).with_status_code(self.status);
        let mut headers = vec![
            ("Content-Type", self.content_type.to_string()),
            ("Content-Security-Policy", CSP.to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
            ("X-Frame-Options", "DENY".to_string()),
            ("Referrer-Policy", "same-origin".to_string()),
            ("Cache-Control", "no-store".to_string()),
        ];
        // A refused upload may still be on its way: the connection ends with the answer
        // rather than reading what was refused.
        if self.status == 413 {
            headers.push(("Connection", "close".to_string()));
        }
        headers.extend(self.headers);
        for (name, value) in headers {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(h);
            }
        }
        response
    }
}

/// A file of the page itself (its style sheet, its script), which browsers may keep.
pub fn asset(text: &'static str, content_type: &'static str) -> Reply {
    Reply {
        status: 200,
        content_type,
        body: text.as_bytes().to_vec(),
        headers: Vec::new(),
    }
}

/// A JSON answer, for the page's script.
pub fn json(status: u16, value: &serde_json::Value) -> Reply {
    Reply {
        status,
        content_type: "application/json",
        body: value.to_string().into_bytes(),
        headers: Vec::new(),
    }
}

/// "See the page there": after a form's post, the browser asks for the result page.
pub fn redirect(location: &str) -> Reply {
    Reply {
        status: 303,
        content_type: "text/plain; charset=utf-8",
        body: Vec::new(),
        headers: vec![("Location", location.to_string())],
    }
}

/// A file to save, under `name` (UTF-8 for browsers that read it, an ASCII fallback for the
/// others).
pub fn download(name: &str, content_type: &'static str, body: Vec<u8>) -> Reply {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    Reply {
        status: 200,
        content_type,
        body,
        headers: vec![(
            "Content-Disposition",
            format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_server_is_this_server() {
        let loopback = Guard::new("127.0.0.1".parse().unwrap(), 8707);
        assert!(loopback.host_ok("127.0.0.1:8707"));
        assert!(loopback.host_ok("localhost:8707"));
        assert!(!loopback.host_ok("127.0.0.1:8708"));
        assert!(!loopback.host_ok("attacker.example:8707"));
        assert!(!loopback.host_ok("127.0.0.1"));
        assert!(!loopback.host_ok("10.0.0.2:8707"));
        let everywhere = Guard::new("0.0.0.0".parse().unwrap(), 8707);
        assert!(everywhere.host_ok("192.168.1.20:8707"));
        assert!(!everywhere.host_ok("rebound.example:8707"));
        let v6 = Guard::new("::1".parse().unwrap(), 8707);
        assert!(v6.host_ok("[::1]:8707"));
    }

    #[test]
    fn tokens_differ() {
        assert_ne!(random_hex(16), random_hex(16));
        assert_eq!(random_hex(16).len(), 32);
    }
}

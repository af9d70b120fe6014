package coach

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The coach set: resume/JD pairs across roles (testdata/<name>_resume.txt,
// _jd.txt), each with the items a good interviewer would ask about
// (_items.txt, one a line, "|" between the ways a question may name it).
var coachSet = []struct {
	name, lang string
	unseen     bool // written after the generator, by someone who had not seen it
}{
	{"ko_backend", "ko", false}, {"ko_fintech", "ko", false}, {"ko_marketing", "ko", false}, {"ko_accounting", "ko", false}, {"ko_nurse", "ko", false}, {"ko_public", "ko", false},
	{"en_pm", "en", false}, {"en_data", "en", false}, {"en_support", "en", false},
	// Written later by someone who had not seen the generator, in domains
	// it had not met (design, B2B sales, manufacturing, HR, teaching, a new
	// graduate with only part-time jobs, a career changer; English too).
	{"ko_design", "ko", true}, {"ko_sales", "ko", true}, {"ko_production", "ko", true}, {"ko_hr", "ko", true}, {"ko_teacher", "ko", true}, {"ko_newgrad", "ko", true}, {"ko_career_change", "ko", true},
	{"en_mecheng", "en", true}, {"en_teacher", "en", true}, {"en_sales", "en", true}, {"en_hr", "en", true}, {"en_design", "en", true},
	// A second batch, written blind in the same way after the generator
	// had been improved on the first (games, hotel CX, civil works,
	// pharmaceutical QC; an ICU nurse, an accountant, a QA tester): the
	// check that those improvements hold on documents nobody tuned for.
	{"ko_game", "ko", true}, {"ko_hotel", "ko", true}, {"ko_civil", "ko", true}, {"ko_pharma", "ko", true},
	{"en_nurse", "en", true}, {"en_accountant", "en", true}, {"en_qa", "en", true},
	// A third batch, written blind after the generator had been improved
	// on the first two (cabin crew, a bank's PB, semiconductor process, a
	// social worker; a backend engineer, a growth marketer).
	{"ko_cabin", "ko", true}, {"ko_bank", "ko", true}, {"ko_semicon", "ko", true}, {"ko_welfare", "ko", true},
	{"en_backend", "en", true}, {"en_marketing", "en", true},
	// A fourth batch of messy inputs as users paste them or as files give
	// them: a job board page with emojis and buttons, a resume extracted
	// from a PDF with its page headers, a table-like 경력기술서, a LinkedIn
	// page, selection criteria (KSC1…), a new graduate with few numbers.
	{"ko_logistics", "ko", true}, {"ko_marketing_pdf", "ko", true}, {"ko_newgrad_cs", "ko", true}, {"ko_nurse_career", "ko", true},
	{"en_linkedin_pm", "en", true}, {"en_grad_teacher", "en", true},
	// A fifth batch, written blind after the fourth (architecture with
	// numbered 문항, a franchise store manager's 경력기술서 of tables, a
	// law graduate's 자기소개서 with [소제목], battery cell process, an
	// NCS 직무기술서 for a bank teller changing careers; a paralegal, a UK
	// retail manager, a lab scientist).
	{"ko_architect", "ko", true}, {"ko_fnb_manager", "ko", true}, {"ko_legal", "ko", true}, {"ko_ev_battery", "ko", true}, {"ko_data_public", "ko", true},
	{"en_paralegal", "en", true}, {"en_retail_manager", "en", true}, {"en_lab_scientist", "en", true},
	// A sixth batch, written blind after the fifth (a PT trainer's chatty
	// 자기소개서, IT support to cloud from a Notion export, a hotel chef's
	// 경력기술서 of tables, a flight dispatcher's 문항 with 글자수, a
	// counsellor with a career break; a UX writer, a UK electrician's
	// fragments, a supply-chain planner's PDF with page footers).
	{"ko_pt_trainer", "ko", true}, {"ko_it_support", "ko", true}, {"ko_hotel_chef", "ko", true}, {"ko_flight_dispatcher", "ko", true}, {"ko_counselor", "ko", true},
	{"en_ux_writer", "en", true}, {"en_electrician", "en", true}, {"en_supply_chain", "en", true},
	// A seventh batch, written blind at the end of the session that added
	// the sixth (reinsurance underwriting, an ESG graduate, a café manager
	// turned marketer; a dental hygienist, a game QA lead, a grants
	// officer), measured on arrival with no change after it.
	{"ko_insurance_uw", "ko", true}, {"ko_esg_analyst", "ko", true}, {"ko_barista_to_marketer", "ko", true},
	{"en_dental_hygienist", "en", true}, {"en_game_qa_lead", "en", true}, {"en_nonprofit_grants", "en", true},
	// An eighth batch, written blind after the seventh's session (a
	// customs broker's 경력기술서 and 문항, a nursery teacher's prose
	// 자기소개서 against an emoji startup posting, a maintenance engineer
	// against a 공채 notice; a retail pharmacist, an events coordinator
	// turned project manager, a detective turned AML investigator).
	{"ko_customs_broker", "ko", true}, {"ko_nursery_teacher", "ko", true}, {"ko_plant_maintenance", "ko", true},
	{"en_pharmacist", "en", true}, {"en_event_planner_to_pm", "en", true}, {"en_police_to_compliance", "en", true},
	// A ninth batch, written blind while the eighth was being worked on
	// (an SPA store manager to online fashion MD with "항목 : 내용" lines,
	// a broadcast AD's ▶/ㄴ 경력기술서 against a Ⅰ.Ⅱ.Ⅲ. notice, a nursing
	// assistant's verbless fragments; an HVAC technician in ALL CAPS, a
	// teacher turned instructional designer, a UK front office manager).
	{"ko_fashion_md", "ko", true}, {"ko_broadcast_pd", "ko", true}, {"ko_nurse_aide_to_coordinator", "ko", true},
	{"en_hvac_tech", "en", true}, {"en_teacher_to_instructional_designer", "en", true}, {"en_front_office_manager", "en", true},
	// A tenth batch, written blind while the ninth was being worked on and
	// measured on arrival with no change after it (an NCS 입사지원서 and
	// 직무기술서, a Markdown 석사 resume, a hotel banquet seller to MICE
	// with | tables and ● headings; a paramedic to mine safety, an
	// Australian bookkeeper, an oncology nurse to pharmaceutical sales).
	{"ko_police_admin", "ko", true}, {"ko_chemical_rnd", "ko", true}, {"ko_hotel_sales_to_mice", "ko", true},
	{"en_paramedic_to_safety", "en", true}, {"en_bookkeeper", "en", true}, {"en_nurse_to_pharma_sales", "en", true},
	// An eleventh batch, written blind at the start of the session that
	// tried a chooser fitted to the first ten (a fire-safety inspector's
	// 경력기술서, a physiotherapy graduate's 문항 with 글자수, a broadcast
	// writer turned webtoon PD; a veterinary technician, a librarian
	// turned knowledge manager, an Australian solar installer).
	{"ko_fire_safety", "ko", true}, {"ko_physio", "ko", true}, {"ko_webtoon_pd", "ko", true},
	{"en_vet_tech", "en", true}, {"en_librarian_km", "en", true}, {"en_solar_lead", "en", true},
	// A twelfth batch, written blind while the eleventh was being worked
	// on (an aircraft mechanic's 경력기술서, a food-engineering graduate's
	// 문항, a lab technician turned CRC from a PDF table; an army mechanic
	// turned wind technician, a dietitian, a federal museum curator).
	{"ko_aircraft_mx", "ko", true}, {"ko_food_qc", "ko", true}, {"ko_crc", "ko", true},
	{"en_wind_tech", "en", true}, {"en_dietitian", "en", true}, {"en_museum_curator", "en", true},
	// A thirteenth batch, written blind while the twelfth was being
	// worked on (a shipyard hull designer, a translation graduate's 문항
	// and portfolio, a site manager turned property manager against an
	// emoji posting; a speech-language pathologist with a cover letter, a
	// railway signalling technician, a field technician turned GIS
	// analyst).
	{"ko_hull_structure", "ko", true}, {"ko_translator", "ko", true}, {"ko_property_manager", "ko", true},
	{"en_slp_paeds", "en", true}, {"en_rail_signalling", "en", true}, {"en_gis_analyst", "en", true},
	// A fourteenth batch, written blind while the thirteenth was being
	// worked on (a horticulture graduate's 문항 against an emoji vertical
	// farm, a radiographer's 경력기술서 against a 공고문, a tour leader's
	// PDF table; an NHS orthotist, an electrician turned park ranger with
	// a cover letter, a technical writer for Singapore).
	{"ko_smartfarm", "ko", true}, {"ko_radiographer", "ko", true}, {"ko_travel_md", "ko", true},
	{"en_orthotist", "en", true}, {"en_park_ranger", "en", true}, {"en_tech_writer", "en", true},
	// A fifteenth batch, written blind while the fourteenth was being
	// worked on (a landscaping site engineer's 경력기술서 and 포트폴리오, a
	// clinical psychology graduate's 문항 against a 공고문, a mechanic
	// turned service advisor from a PDF table; an NHS audiology graduate,
	// a journalist turned UX researcher, a loan processor to underwriter).
	{"ko_landscape", "ko", true}, {"ko_clinpsych", "ko", true}, {"ko_autoadvisor", "ko", true},
	{"en_audiology", "en", true}, {"en_uxresearch", "en", true}, {"en_mortgage", "en", true},
	// A sixteenth batch, written blind while the fifteenth was being
	// worked on (a book editor's 경력기술서, a purchasing clerk turned dog
	// trainer's 문항 against an emoji posting, a horticulture graduate's
	// PDF table against a 공고문; a court reporter with a cover letter, a
	// sommelier's UK CV, a support worker turned Auslan interpreter).
	{"ko_publishing_editor", "ko", true}, {"ko_pet_trainer", "ko", true}, {"ko_golf_course", "ko", true},
	{"en_court_reporter", "en", true}, {"en_sommelier", "en", true}, {"en_auslan_interpreter", "en", true},
	// A seventeenth batch, written blind at the end of the session that
	// added the eleventh to the sixteenth (a forestry graduate's 문항
	// against a 공고문, a jewellery store manager turned diamond grader, a
	// basketball club's operations 대리 from a PDF table; a Navy
	// technician turned BMET, a zoology graduate, a college fundraiser).
	{"ko_forest", "ko", true}, {"ko_gem", "ko", true}, {"ko_club", "ko", true},
	{"en_bmet", "en", true}, {"en_zookeeper", "en", true}, {"en_fundraising", "en", true},
	// An eighteenth and a nineteenth batch, written blind in the session
	// that added the setback, study and three-experience questions (their
	// prompts named a career break, an injury, a failed exam or an
	// accident for four of the twelve): a dental hygienist turned
	// coordinator (공고문 with a table), a shipping line's operations clerk
	// turned forwarder (HWP table), a sociology graduate against an NCS
	// 직무기술서; a hotel pastry sous chef, an actuarial analyst, a line
	// cook turned dietetic technician; an interior designer turned VMD
	// lead, a pharmacist turned RA, a bus driver turned safety officer; a
	// UK payroll specialist, a helpdesk technician turned SOC analyst, a
	// speechwriter turned corporate communications manager.
	{"ko_dental_hygienist", "ko", true}, {"ko_ship_agent", "ko", true}, {"ko_social_studies_graduate", "ko", true},
	{"en_pastry_chef", "en", true}, {"en_actuarial_analyst", "en", true}, {"en_career_changer_chef_to_dietetic_tech", "en", true},
	{"ko_interior_designer", "ko", true}, {"ko_pharmacist_to_ra", "ko", true}, {"ko_bus_driver_to_safety", "ko", true},
	{"en_hr_payroll", "en", true}, {"en_cyber_soc_analyst", "en", true}, {"en_speech_writer", "en", true},
	// A twentieth batch, written blind with no hint of what the
	// generator asks: an auditor turned internal auditor, a kindergarten
	// teacher turned play-content developer, a shipyard welder turned
	// inspector; a graduate civil engineer turned transport planner, an
	// assistant buyer, a 911 dispatcher turned emergency manager.
	{"ko_auditor", "ko", true}, {"ko_kindergarten_teacher", "ko", true}, {"ko_welder_to_inspector", "ko", true},
	{"en_civil_engineer", "en", true}, {"en_retail_buyer", "en", true}, {"en_dispatcher_to_em", "en", true},
	// A twenty-first, written the same way: a YouTube video editor turned
	// brand-content PD, an ICU nurse turned clinical specialist, a courier
	// turned hub manager; a real-estate agent turned property manager, a
	// data analyst turned data engineer, a flight attendant turned
	// recruiter.
	{"ko_video_editor", "ko", true}, {"ko_icu_nurse_to_clinical_specialist", "ko", true}, {"ko_courier_to_hub_manager", "ko", true},
	{"en_real_estate_agent", "en", true}, {"en_data_analyst_to_engineer", "en", true}, {"en_flight_attendant_to_recruiter", "en", true},
	// A twenty-second and a twenty-third, written the same way at the
	// end of that session: a bank teller turned AML officer, a game
	// illustrator turned lead artist, a care worker turned social worker;
	// a front-desk supervisor turned revenue analyst, an ESL teacher turned
	// L&D specialist, a mechanic turned EV technician; a site safety
	// manager moving to head office, a CS agent turned PM, a food lab
	// researcher turned cosmetics QA; a child-protection social worker, a
	// barista turned UX designer, an Army logistics NCO turned planner.
	{"ko_bank_teller_to_compliance", "ko", true}, {"ko_game_artist", "ko", true}, {"ko_elderly_care", "ko", true},
	{"en_hotel_revenue", "en", true}, {"en_esl_teacher_to_ld", "en", true}, {"en_mechanic_to_ev_tech", "en", true},
	{"ko_construction_safety", "ko", true}, {"ko_cs_to_pm", "ko", true}, {"ko_lab_to_qa", "ko", true},
	{"en_social_worker", "en", true}, {"en_barista_to_ux", "en", true}, {"en_military_logistics", "en", true},
}

// batchOf is the blind batch of the pairs of the second and third
// batches (the first is every other unseen pair).
var batchOf = map[string]int{"ko_game": 2, "ko_hotel": 2, "ko_civil": 2, "ko_pharma": 2, "en_nurse": 2, "en_accountant": 2, "en_qa": 2,
	"ko_cabin": 3, "ko_bank": 3, "ko_semicon": 3, "ko_welfare": 3, "en_backend": 3, "en_marketing": 3,
	"ko_logistics": 4, "ko_marketing_pdf": 4, "ko_newgrad_cs": 4, "ko_nurse_career": 4, "en_linkedin_pm": 4, "en_grad_teacher": 4,
	"ko_architect": 5, "ko_fnb_manager": 5, "ko_legal": 5, "ko_ev_battery": 5, "ko_data_public": 5, "en_paralegal": 5, "en_retail_manager": 5, "en_lab_scientist": 5,
	"ko_pt_trainer": 6, "ko_it_support": 6, "ko_hotel_chef": 6, "ko_flight_dispatcher": 6, "ko_counselor": 6, "en_ux_writer": 6, "en_electrician": 6, "en_supply_chain": 6,
	"ko_insurance_uw": 7, "ko_esg_analyst": 7, "ko_barista_to_marketer": 7, "en_dental_hygienist": 7, "en_game_qa_lead": 7, "en_nonprofit_grants": 7,
	"ko_customs_broker": 8, "ko_nursery_teacher": 8, "ko_plant_maintenance": 8, "en_pharmacist": 8, "en_event_planner_to_pm": 8, "en_police_to_compliance": 8,
	"ko_fashion_md": 9, "ko_broadcast_pd": 9, "ko_nurse_aide_to_coordinator": 9, "en_hvac_tech": 9, "en_teacher_to_instructional_designer": 9, "en_front_office_manager": 9,
	"ko_police_admin": 10, "ko_chemical_rnd": 10, "ko_hotel_sales_to_mice": 10, "en_paramedic_to_safety": 10, "en_bookkeeper": 10, "en_nurse_to_pharma_sales": 10,
	"ko_fire_safety": 11, "ko_physio": 11, "ko_webtoon_pd": 11, "en_vet_tech": 11, "en_librarian_km": 11, "en_solar_lead": 11,
	"ko_aircraft_mx": 12, "ko_food_qc": 12, "ko_crc": 12, "en_wind_tech": 12, "en_dietitian": 12, "en_museum_curator": 12,
	"ko_hull_structure": 13, "ko_translator": 13, "ko_property_manager": 13, "en_slp_paeds": 13, "en_rail_signalling": 13, "en_gis_analyst": 13,
	"ko_smartfarm": 14, "ko_radiographer": 14, "ko_travel_md": 14, "en_orthotist": 14, "en_park_ranger": 14, "en_tech_writer": 14,
	"ko_landscape": 15, "ko_clinpsych": 15, "ko_autoadvisor": 15, "en_audiology": 15, "en_uxresearch": 15, "en_mortgage": 15,
	"ko_publishing_editor": 16, "ko_pet_trainer": 16, "ko_golf_course": 16, "en_court_reporter": 16, "en_sommelier": 16, "en_auslan_interpreter": 16,
	"ko_forest": 17, "ko_gem": 17, "ko_club": 17, "en_bmet": 17, "en_zookeeper": 17, "en_fundraising": 17,
	"ko_dental_hygienist": 18, "ko_ship_agent": 18, "ko_social_studies_graduate": 18, "en_pastry_chef": 18, "en_actuarial_analyst": 18, "en_career_changer_chef_to_dietetic_tech": 18,
	"ko_interior_designer": 19, "ko_pharmacist_to_ra": 19, "ko_bus_driver_to_safety": 19, "en_hr_payroll": 19, "en_cyber_soc_analyst": 19, "en_speech_writer": 19,
	"ko_auditor": 20, "ko_kindergarten_teacher": 20, "ko_welder_to_inspector": 20, "en_civil_engineer": 20, "en_retail_buyer": 20, "en_dispatcher_to_em": 20,
	"ko_video_editor": 21, "ko_icu_nurse_to_clinical_specialist": 21, "ko_courier_to_hub_manager": 21, "en_real_estate_agent": 21, "en_data_analyst_to_engineer": 21, "en_flight_attendant_to_recruiter": 21,
	"ko_bank_teller_to_compliance": 22, "ko_game_artist": 22, "ko_elderly_care": 22, "en_hotel_revenue": 22, "en_esl_teacher_to_ld": 22, "en_mechanic_to_ev_tech": 22,
	"ko_construction_safety": 23, "ko_cs_to_pm": 23, "ko_lab_to_qa": 23, "en_social_worker": 23, "en_barista_to_ux": 23, "en_military_logistics": 23}

// TestCoachSet measures the offline generator on the coach set: how many
// labelled items a set of ten asks about (coverage), and whether every
// quote is clean (no "…", no section tag, a whole part of the documents).
// The floors hold what the generator does today so that it cannot
// silently get worse; the numbers are logged for the record. On the pairs
// it was built on: each at least 60 %, 80 % on average. On the unseen
// pairs it does worse: the first batch scored 48 % when it was added; the
// generator as it was then scored 53 % on the second batch, 50 % on the
// third and 57 % on the fourth; measured blind on the generator improved
// on the batches before them, the third scored 63 %, the fourth 59 %, the
// fifth 65 %, the sixth 61 %, the seventh 69 %, the eighth 57 %, the
// ninth 56 %, the tenth 61 %, the eleventh 74 %, the twelfth 78 %, the
// thirteenth 83 %, the fourteenth 80 %, the fifteenth 70 %, the
// sixteenth 76 % and the seventeenth 76 % (issue 26 asks for 85 %, not
// reached yet). Their floor only keeps that from falling.
func TestCoachSet(t *testing.T) {
	quote := regexp.MustCompile(`'([^']*)'|"([^"]*)"`)
	var sumCov, sumUnseen float64
	unseen := 0
	sumBatch, inBatch := map[int]float64{}, map[int]int{}
	for _, c := range coachSet {
		resume, jd := doc(t, c.name+"_resume.txt"), doc(t, c.name+"_jd.txt")
		var items [][]string
		for _, line := range strings.Split(doc(t, c.name+"_items.txt"), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				items = append(items, strings.Split(line, "|"))
			}
		}
		qs := Offline(Profile{Resume: resume, JD: jd, Lang: c.lang}, 10, nil)
		all := ""
		for _, q := range qs {
			all += strings.ToLower(q.Text) + "\n"
			for _, m := range quote.FindAllStringSubmatch(q.Text, -1) {
				inner := m[1] + m[2]
				if strings.Contains(inner, "…") || strings.Contains(inner, "...") || stripTags(inner) != strings.TrimSpace(inner) || hanging(inner) {
					t.Errorf("%s: an unclean quote %q in %s", c.name, inner, q.Text)
				}
			}
		}
		covered := 0
		var missed []string
		for _, alts := range items {
			hit := false
			for _, a := range alts {
				hit = hit || strings.Contains(all, strings.ToLower(a))
			}
			if hit {
				covered++
			} else {
				missed = append(missed, alts[0])
			}
		}
		cov := float64(covered) / float64(len(items))
		if c.unseen {
			sumUnseen += cov
			unseen++
			b := max(1, batchOf[c.name])
			sumBatch[b] += cov
			inBatch[b]++
			t.Logf("| %-16s | %2d questions | %d of %d items (%3.0f %%) | missed: %s | unseen", c.name, len(qs), covered, len(items), 100*cov, strings.Join(missed, ", "))
			continue
		}
		sumCov += cov
		t.Logf("| %-13s | %2d questions | %d of %d items (%3.0f %%) | missed: %s |", c.name, len(qs), covered, len(items), 100*cov, strings.Join(missed, ", "))
		if cov < 0.6 {
			t.Errorf("%s: only %d of %d items asked about", c.name, covered, len(items))
		}
	}
	mean := sumCov / float64(len(coachSet)-unseen)
	t.Logf("mean coverage %.0f %% over the %d pairs it was built on", 100*mean, len(coachSet)-unseen)
	if mean < 0.8 {
		t.Errorf("mean coverage %.0f %%", 100*mean)
	}
	mu := sumUnseen / float64(unseen)
	t.Logf("mean coverage %.0f %% over the %d unseen pairs", 100*mu, unseen)
	for b := 1; b <= 23; b++ {
		t.Logf("  batch %d: %.0f %% over %d pairs", b, 100*sumBatch[b]/float64(inBatch[b]), inBatch[b])
	}
	if mu < 0.78 {
		t.Errorf("mean coverage %.0f %% over the unseen pairs, below where it was when they were added", 100*mu)
	}
}

// nounsEndingLikeParticles end in 가 or 이 as nouns do (참가, 평가), not as
// a subject particle.
var nounsEndingLikeParticles = map[string]bool{"참가": true, "평가": true, "증가": true, "추가": true, "원가": true, "단가": true, "전문가": true, "대가": true, "물가": true, "차이": true, "높이": true, "길이": true, "나이": true}

// endsOnNounLikeParticle reports whether a word is, or ends on, one of
// those nouns ("설계평가", "제조원가").
func endsOnNounLikeParticle(w string) bool {
	for n := range nounsEndingLikeParticles {
		if strings.HasSuffix(w, n) {
			return true
		}
	}
	return false
}

// hanging reports whether a quote stops mid-phrase: on an English word
// that needs what follows ("… accounts and"), or on a Korean object or
// subject particle with no verb after it ("… 0건을").
func hanging(quote string) bool {
	ws := strings.Fields(quote)
	if len(ws) == 0 {
		return true
	}
	last := ws[len(ws)-1]
	if danglingWords[strings.ToLower(last)] {
		return true
	}
	for _, c := range []string{"지만", "는데"} {
		if strings.HasSuffix(last, c) {
			return true // a connective: the sentence goes on
		}
	}
	for _, p := range []string{"을", "를", "이", "가", "에서", "으로"} {
		if strings.HasSuffix(last, p) && len(ws) > 1 && !strings.HasSuffix(last, "이다") && !endsOnNounLikeParticle(last) {
			return true
		}
	}
	return false
}

// TestTheRoleOfEveryPosting: the position each JD of the coach set hires
// for, as a reader finds it (a labelled line, a heading and the line or
// table row under it, the title in its parts), never a heading ("Position
// Summary"), a sentence, a place line, a notice's number or a table's
// header. Each want is what the role must contain.
func TestTheRoleOfEveryPosting(t *testing.T) {
	want := map[string]string{
		"ko_backend": "백엔드", "ko_fintech": "백엔드", "ko_marketing": "마케팅", "ko_accounting": "재무회계", "ko_nurse": "간호사", "ko_public": "행정",
		"en_pm": "Product Manager", "en_data": "Data Analyst", "en_support": "Customer Success Manager",
		"ko_design": "디자이너", "ko_sales": "영업", "ko_production": "생산관리", "ko_hr": "인사", "ko_teacher": "강사", "ko_newgrad": "물류 데이터 분석가", "ko_career_change": "백엔드",
		"en_mecheng": "Mechanical Engineer", "en_teacher": "Head of Science", "en_sales": "Account Executive", "en_hr": "HR Generalist", "en_design": "Product Designer",
		"ko_game": "기획", "ko_hotel": "고객경험", "ko_civil": "토목", "ko_pharma": "품질", "en_nurse": "Nurse Educator", "en_accountant": "Financial Analyst", "en_qa": "QA Automation Engineer",
		"ko_cabin": "객실승무원", "ko_bank": "PB", "ko_semicon": "공정기술", "ko_welfare": "사회복지사", "en_backend": "Backend Engineer", "en_marketing": "Growth Marketing Manager",
		"ko_logistics": "물류 운영 관리자", "ko_marketing_pdf": "콘텐츠 마케터", "ko_newgrad_cs": "서비스 운영", "ko_nurse_career": "Medical Science Liaison", "en_linkedin_pm": "Senior Product Manager", "en_grad_teacher": "Classroom Teacher",
		"ko_architect": "설계", "ko_fnb_manager": "SV", "ko_legal": "법무", "ko_ev_battery": "셀 공정기술", "ko_data_public": "6급", "en_paralegal": "Litigation Paralegal", "en_retail_manager": "Area Manager", "en_lab_scientist": "Scientist I",
		"ko_pt_trainer": "교육", "ko_it_support": "클라우드 인프라 엔지니어", "ko_hotel_chef": "제품개발", "ko_flight_dispatcher": "운항관리", "ko_counselor": "상담사", "en_ux_writer": "Content Designer", "en_electrician": "Site Supervisor", "en_supply_chain": "Demand Planning Manager",
		"ko_insurance_uw": "재보험 언더라이터", "ko_esg_analyst": "ESG", "ko_barista_to_marketer": "마케터", "en_dental_hygienist": "Clinical Educator", "en_game_qa_lead": "QA Lead", "en_nonprofit_grants": "Programme Manager",
		"ko_customs_broker": "통관·무역 컴플라이언스", "ko_nursery_teacher": "콘텐츠 기획자", "ko_plant_maintenance": "설비 엔지니어", "en_pharmacist": "Clinical Pharmacist", "en_event_planner_to_pm": "Implementation Project Manager", "en_police_to_compliance": "AML Investigator II",
		"ko_fashion_md": "온라인 MD", "ko_broadcast_pd": "디지털 콘텐츠 PD", "ko_nurse_aide_to_coordinator": "코디네이터", "en_hvac_tech": "Facilities Maintenance Lead", "en_teacher_to_instructional_designer": "Instructional Designer", "en_front_office_manager": "Front Office Manager",
		"ko_police_admin": "고객지원", "ko_chemical_rnd": "연구원", "ko_hotel_sales_to_mice": "PM", "en_paramedic_to_safety": "Safety Coordinator", "en_bookkeeper": "Management Accountant", "en_nurse_to_pharma_sales": "Account Manager",
		"ko_fire_safety": "소방", "ko_physio": "물리치료사", "ko_webtoon_pd": "웹툰 PD", "en_vet_tech": "Veterinary Technician", "en_librarian_km": "Knowledge Manager", "en_solar_lead": "Lead Installer",
		"ko_aircraft_mx": "라인정비", "ko_food_qc": "품질관리", "ko_crc": "임상연구코디네이터", "en_wind_tech": "Wind Turbine Technician", "en_dietitian": "Dietitian", "en_museum_curator": "Museum Curator",
		"ko_hull_structure": "선체 구조설계", "ko_translator": "통번역", "ko_property_manager": "PM", "en_slp_paeds": "Speech-Language Pathologist", "en_rail_signalling": "Signalling Maintenance Technician", "en_gis_analyst": "GIS Analyst",
		"ko_smartfarm": "재배 매니저", "ko_radiographer": "방사선사", "ko_travel_md": "상품기획", "en_orthotist": "Orthotist", "en_park_ranger": "Park Ranger", "en_tech_writer": "Technical Writer",
		"ko_landscape": "조경", "ko_clinpsych": "임상심리사", "ko_autoadvisor": "서비스 어드바이저", "en_audiology": "Audiologist", "en_uxresearch": "UX Researcher", "en_mortgage": "Mortgage Underwriter",
		"ko_publishing_editor": "편집자", "ko_pet_trainer": "트레이너", "ko_golf_course": "코스관리", "en_court_reporter": "Court Reporter", "en_sommelier": "Sommelier", "en_auslan_interpreter": "Auslan Interpreter",
		"ko_forest": "산림기술직", "ko_gem": "감정연구원", "ko_club": "구단 운영 매니저", "en_bmet": "Biomedical Equipment Technician", "en_zookeeper": "Zookeeper", "en_fundraising": "Development Officer",
		"ko_dental_hygienist": "치과 진료 코디네이터", "ko_ship_agent": "해상수출", "ko_social_studies_graduate": "사무직", "en_pastry_chef": "Head Pastry Chef", "en_actuarial_analyst": "Pricing Actuary", "en_career_changer_chef_to_dietetic_tech": "Dietetic Technician",
		"ko_interior_designer": "VMD팀 팀장", "ko_pharmacist_to_ra": "RA", "ko_bus_driver_to_safety": "안전관리 담당", "en_hr_payroll": "Payroll Manager", "en_cyber_soc_analyst": "SOC Analyst I", "en_speech_writer": "Corporate Communications Manager",
		"ko_auditor": "내부감사팀", "ko_kindergarten_teacher": "콘텐츠 개발 담당", "ko_welder_to_inspector": "품질검사원", "en_civil_engineer": "Transport Planner", "en_retail_buyer": "Buyer", "en_dispatcher_to_em": "Emergency Management Coordinator",
		"ko_video_editor": "브랜드 콘텐츠 PD", "ko_icu_nurse_to_clinical_specialist": "Clinical Specialist", "ko_courier_to_hub_manager": "운영관리", "en_real_estate_agent": "Property Manager", "en_data_analyst_to_engineer": "Data Engineer", "en_flight_attendant_to_recruiter": "Talent Acquisition Coordinator",
		"ko_bank_teller_to_compliance": "자금세탁방지", "ko_game_artist": "리드 아티스트", "ko_elderly_care": "사회복지사", "en_hotel_revenue": "Revenue Analyst", "en_esl_teacher_to_ld": "Learning & Development Specialist", "en_mechanic_to_ev_tech": "EV Service Technician",
		"ko_construction_safety": "안전기획", "ko_cs_to_pm": "서비스 기획자", "ko_lab_to_qa": "QA", "en_social_worker": "Team Manager", "en_barista_to_ux": "Junior UX Designer", "en_military_logistics": "Supply Chain Planner",
	}
	for _, c := range coachSet {
		role, _ := roleAndCompany(doc(t, c.name+"_jd.txt"))
		first, _ := utf8.DecodeRuneInString(role)
		if w, ok := want[c.name]; !ok || !strings.Contains(role, w) || utf8.RuneCountInString(role) > 48 || strings.ContainsAny(role, "|:>") || !unicode.IsLetter(first) && !unicode.IsDigit(first) && first != '(' {
			t.Errorf("%s: role %q, want one with %q", c.name, role, w)
		}
	}
}

// TestCoachSetCeiling measures what limits coverage on the unseen pairs:
// the best ten of every candidate question the generators write (picked
// greedily knowing the labels, which the generator cannot) against the
// ten it chooses. The gap is the choice; what no candidate reaches is
// the generators'.
func TestCoachSetCeiling(t *testing.T) {
	var sumBest, sumChosen float64
	n := 0
	for _, c := range coachSet {
		if !c.unseen {
			continue
		}
		resume, jd := doc(t, c.name+"_resume.txt"), doc(t, c.name+"_jd.txt")
		var items [][]string
		for _, line := range strings.Split(doc(t, c.name+"_items.txt"), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				items = append(items, strings.Split(line, "|"))
			}
		}
		hits := func(q string) []int {
			var h []int
			for i, alts := range items {
				for _, a := range alts {
					if strings.Contains(strings.ToLower(q), strings.ToLower(a)) {
						h = append(h, i)
						break
					}
				}
			}
			return h
		}
		f := Extract(resume, jd)
		ko := c.lang != "en"
		var cands []Question
		for _, g := range candidates(f, ko) {
			cands = append(cands, g...)
		}
		best := map[int]bool{}
		for k := 0; k < 10; k++ {
			pick, most := -1, 0
			for i, q := range cands {
				fresh := 0
				for _, h := range hits(q.Text) {
					if !best[h] {
						fresh++
					}
				}
				if fresh > most {
					pick, most = i, fresh
				}
			}
			if pick < 0 {
				break
			}
			for _, h := range hits(cands[pick].Text) {
				best[h] = true
			}
		}
		chosen := map[int]bool{}
		for _, q := range Offline(Profile{Resume: resume, JD: jd, Lang: c.lang}, 10, nil) {
			for _, h := range hits(q.Text) {
				chosen[h] = true
			}
		}
		sumBest += float64(len(best)) / float64(len(items))
		sumChosen += float64(len(chosen)) / float64(len(items))
		n++
	}
	t.Logf("unseen pairs: the ten chosen reach %.0f %% of the items, the best ten of all candidates %.0f %%", 100*sumChosen/float64(n), 100*sumBest/float64(n))
	// The generators write questions about 88 % of what the labels name:
	// the floor keeps a generator from silently losing its reach.
	if sumBest/float64(n) < 0.86 {
		t.Errorf("the best ten of all candidates reach %.0f %% of the items", 100*sumBest/float64(n))
	}
}

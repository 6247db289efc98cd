#!/usr/bin/env python3
"""Generates samples/jade-carter/: a synthetic records store for a care leaver, Jade Carter.

Every person, address, phone number (Ofcom drama range 07700 900xxx) and organisation is invented.
The store exercises every kind of record the seed policies describe (visits, calls, texts, emails,
meetings, management oversight, restricted entries, agency-supplied content) and every kind of
document sarpack must handle or refuse (LibreOffice PDFs, DOCX, EML, TXT, a scan with no text
layer, a password-protected PDF, a photo, an unlisted file, a file about another child).

Needs: LibreOffice (libreoffice-writer-nogui), qpdf, Python with Pillow and PyMuPDF.
Run from the repository root:  python3 samples/make_jade_carter.py
The generated files are committed; CI never runs this.
"""

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent / "jade-carter"
STORE = ROOT / "store"
DOCS = STORE / "documents"

COUNCIL = "Westshire County Council"
POLICE = "Westshire Police"
NHS = "Westshire NHS Foundation Trust"
SCHOOL = "Hollinbrook Academy"

# ----------------------------------------------------------------------------------------------
# The register
# ----------------------------------------------------------------------------------------------

PEOPLE = [
    # id, name, aliases, dob, role, category, phone, address, consent
    ("P001", "Jade Carter", "Jadey;Jade Louise Carter", "2004-02-14", "Care leaver (the subject)",
     "subject", "07700 900123", "Flat 2, 41 Station Street, Marbury MB1 4RS", ""),
    ("P002", "Sharon Carter", "Shaz", "1984-06-03", "Mother", "third-party", "07700 900461",
     "27 Alder Road, Hollinbrook HB4 7QT", "no"),
    ("P003", "Tyler Carter", "", "2009-05-21", "Brother", "third-party", "", "", "no"),
    ("P004", "Darren Pike", "Daz", "1981-11-30", "Mother's partner", "third-party", "07700 900782",
     "14 Kestrel Court, Hollinbrook HB4 9LP", "no"),
    ("P005", "Zofia Wiśniewska", "Zosia;Auntie Zosia", "1979-01-08", "Maternal aunt", "third-party",
     "07700 900315", "8 Ferndale Close, Marbury MB2 3DN", "no"),
    ("P006", "Siobhán O'Brien", "Nanny Siobhán;Siobhan O'Brien", "1958-03-17",
     "Maternal grandmother", "third-party", "07700 900274", "3 Church View, Hollinbrook HB3 1AA",
     "yes"),
    ("P007", "Kieran Walsh", "", "2000-09-09", "Foster sibling (another looked-after child)",
     "third-party", "", "", "no"),
    ("P008", "Chloe Bennett", "", "2004-05-30", "School friend", "third-party", "", "", "no"),
    ("P009", "Gloria Hughes", "Mrs Hughes", "1949-12-02", "Neighbour of the family home",
     "third-party", "", "25 Alder Road, Hollinbrook HB4 7QT", "no"),
    ("P010", "Gary Walsh", "", "1975-04-11", "Father of Kieran Walsh", "third-party", "", "", "no"),
    ("P011", "Anita Shah", "", "", "Social worker", "professional", "", "", ""),
    ("P012", "Mark Ellison", "", "", "Independent reviewing officer", "professional", "", "", ""),
    ("P013", "Rachel Osei", "", "", "Team manager", "professional", "", "", ""),
    ("P014", "Helen Marsh", "", "", "Foster carer", "professional", "", "", ""),
    ("P015", "David Price", "Mr Price", "", "Head of Year, Hollinbrook Academy", "professional",
     "", "", ""),
    ("P016", "Claire Jennings", "", "", "Health visitor, Westshire NHS Foundation Trust",
     "professional", "", "", ""),
    ("P017", "Tom Reeves", "PC Reeves", "", "Police constable, Westshire Police", "professional",
     "", "", ""),
    ("P018", "Sam Okafor", "", "", "Personal adviser (leaving care)", "professional", "", "", ""),
    ("P019", "Priya Nair", "Dr Nair", "", "Designated doctor for looked-after children",
     "professional", "", "", ""),
]

# ----------------------------------------------------------------------------------------------
# Case notes: (id, date, type, author, agency, restricted, reason, subjects, text)
# ----------------------------------------------------------------------------------------------

S = "P001"
NOTES = [
    ("CN-1001", "2005-03-14", "Health visitor contact", "Claire Jennings", NHS, "false", "",
     "P001;P002",
     "New birth follow-up at 27 Alder Road, Hollinbrook HB4 7QT. Jade Carter (NHS 943 476 5919) "
     "weighed and measured; meeting her milestones.\n\nMother Sharon Carter reported low mood and "
     "poor sleep; advised to see her GP. Maternal grandmother Siobhán O'Brien was present and "
     "supportive."),
    ("CN-1002", "2006-09-20", "Health visitor contact", "Claire Jennings", NHS, "false", "",
     "P001;P002;P004",
     "Home visit. Darren Pike, Sharon's partner, answered the door and was reluctant to let me in. "
     "Jade was in a wet nappy and the living room was cold. Advised Sharon about the heating grant. "
     "Darren gave his mobile as 07700 900782 for future appointments."),
    ("CN-1003", "2011-10-11", "Police notification", "Tom Reeves", POLICE, "false", "",
     "P001;P002;P003;P004",
     "Police attended 27 Alder Road at 23:40 following a 999 call from a neighbour. Darren Pike "
     "arrested for assault on Sharon Carter. Jade Carter (7) and Tyler Carter (2) were in the home. "
     "Jade told officers: \"Darren hit mummy and I hid under the bed with Tyler.\""),
    ("CN-1004", "2011-10-12", "Strategy meeting", "Anita Shah", "", "false", "",
     "P001;P003",
     "Strategy discussion with PC Reeves (Westshire Police) and David Price (Hollinbrook Academy) "
     "following the police notification of 11 October.\n\nDecision: section 47 enquiries to be "
     "undertaken for Jade and for Tyler Carter. Jade to be seen alone within 24 hours. Darren Pike "
     "is on police bail with a condition not to attend the family home."),
    ("CN-1005", "2011-10-12", "Management oversight", "Rachel Osei", "", "false", "",
     "P001",
     "Management oversight: I have read the strategy outcome and agree that section 47 enquiries "
     "are needed. Sharon is to be asked to sign a written agreement that Darren will not return to "
     "the home while enquiries continue. Review in supervision on 26/10/2011."),
    ("CN-1006", "2011-10-13", "Case note", "Anita Shah", "", "true",
     "Police intelligence shared in confidence; disclosure would be likely to prejudice the "
     "prevention or detection of crime",
     "P001;P004",
     "Restricted. PC Reeves shared intelligence that Darren Pike is linked to two previous "
     "partners' domestic abuse reports in another force area. Not to be shared with the family."),
    ("CN-1007", "2011-10-13", "Home visit", "Anita Shah", "", "false", "",
     "P001;P002",
     "Seen Jade alone in her bedroom. She showed me her drawings.\n\nJade said: \"I don't like it "
     "when Darren shouts. I go to my nan's when it's bad.\"\n\nOn leaving, Mr Patel from number 29 "
     "stopped me and said he heard shouting again on Saturday night and that he rang the police "
     "last time. He gave his number as 07700 900999."),
    ("CN-1008", "2011-10-20", "Phone call", "Anita Shah", "", "false", "",
     "P001;P002;P004",
     "Call to Sharon Carter on 07700 900461. Sharon said Darren has moved to a friend's flat at "
     "14 Kestrel Court, Hollinbrook HB4 9LP and that she has ended the relationship. I explained "
     "that Jade and Tyler will be seen again next week. Sharon asked for help with her benefits "
     "claim and gave her National Insurance number, JT 48 27 91 C."),
    ("CN-1009", "2011-11-02", "Child protection conference", "Anita Shah", "", "false", "",
     "P001;P002;P003",
     "Initial child protection conference. Jade and Tyler made subject to child protection plans "
     "under the category of emotional abuse. Tyler was born on 21/05/2009. Sharon attended with "
     "her sister Zofia Wiśniewska for support. Core group to meet within ten working days."),
    ("CN-1010", "2012-01-09", "School information", "David Price", SCHOOL, "false", "",
     "P001",
     "Information from Hollinbrook Academy: Jade's attendance this term is 81%. She has arrived "
     "hungry on several mornings. Jade told her teacher: \"Mum was asleep so I got myself ready.\""),
    ("CN-1011", "2012-02-15", "Home visit (no access)", "Anita Shah", "", "false", "",
     "P001;P002",
     "Unannounced visit, no answer. Neighbour Mrs Hughes at number 25 said Sharon took the children "
     "to Marbury to stay with her sister Zofia at the weekend and had not come back. Card left."),
    ("CN-1012", "2012-03-01", "Strategy meeting", "Anita Shah", "", "false", "",
     "P001;P004",
     "Strategy meeting after Jade arrived at school with a bruise to her upper arm. She told "
     "Mr Price: \"Darren grabbed my arm because I wouldn't go to bed.\" Darren Pike has been "
     "staying at the house again. Decision: joint visit with police today; consider accommodation."),
    ("CN-1013", "2012-03-01", "Management decision", "Rachel Osei", "", "false", "",
     "P001",
     "Management decision: Jade is not safe at home while Darren is there. Seek Sharon's agreement "
     "to section 20 accommodation today. Placement with foster carer Helen Marsh identified."),
    ("CN-1014", "2012-03-02", "Placement", "Anita Shah", "", "false", "",
     "P001",
     "Jade placed with Helen Marsh under section 20 with her mother's agreement. Jade brought her "
     "school bag and her rabbit. She was quiet in the car and asked whether Tyler would come too. "
     "Tyler (NHS 485 777 3457) remains at home with his mother."),
    ("CN-1015", "2012-03-10", "Statutory visit", "Anita Shah", "", "false", "",
     "P001;P007",
     "Visit to placement. Jade was seen alone. Jade said: \"I like Helen's dog. I want to see my "
     "mum on Saturdays.\"\n\nKieran Walsh (12), also placed with Helen, has been kind to Jade and "
     "walks her to school."),
    ("CN-1016", "2012-03-28", "Family time", "Anita Shah", "", "false", "",
     "P001;P002;P003",
     "Supervised family time at the family centre. Sharon Carter and Tyler attended; Sharon "
     "arrived twenty minutes late and left early. Jade cried when Tyler left."),
    ("CN-1017", "2012-04-20", "CLA review", "Mark Ellison", "", "false", "",
     "P001;P002",
     "First looked-after review. Present: Jade, Helen Marsh (foster carer), Anita Shah (social "
     "worker), Sharon Carter (mother), David Price (school).\n\nJade's views: \"I want to stay with "
     "Helen until Mum is better.\"\n\nRecommendations: family time weekly; health assessment; "
     "personal education plan by 1 June."),
    ("CN-1018", "2012-05-02", "Case note", "Anita Shah", "", "false", "",
     "P007;P010",
     "Kieran Walsh: family time with his father Gary Walsh cancelled by Gary at short notice. "
     "Kieran was upset and went to his room. Helen Marsh will let Kieran's social worker know."),
    ("CN-1019", "2012-06-01", "Letter", "Anita Shah", "", "false", "",
     "P001;P002",
     "Letter sent to Sharon Carter at 27 Alder Road, Hollinbrook HB4 7QT confirming the family "
     "time timetable and the date of the next review."),
    ("CN-1020", "2013-02-14", "Family time", "Helen Marsh", "", "false", "",
     "P001;P006;P003",
     "Jade's 9th birthday. Family time with her grandmother Siobhán O'Brien and Tyler at the "
     "bowling alley. Nanny Siobhán brought a cake. Jade said it was \"the best day ever\"."),
    ("CN-1021", "2013-06-12", "Health assessment", "Priya Nair", NHS, "false", "",
     "P001",
     "Review health assessment. Jade is well. Mild asthma, inhaler at school. Immunisations up to "
     "date. Jade said: \"I sleep better at Helen's.\""),
    ("CN-1022", "2013-11-04", "CLA review", "Mark Ellison", "", "false", "",
     "P001",
     "Second review. Jade is settled and doing well at school. Jade's views: \"I want to stay at "
     "Helen's and keep seeing Nanny.\" Plan: long-term fostering to be considered."),
    ("CN-1023", "2014-03-18", "Management decision", "Rachel Osei", "", "false", "",
     "P001",
     "Management decision: permanence plan is long-term fostering with Helen Marsh. Matching to "
     "go to the fostering panel in May. Jade's wish to stay is clear and consistent."),
    ("CN-1024", "2014-07-08", "Email", "Anita Shah", "", "false", "",
     "P001;P005",
     "Email received from Zofia Wiśniewska (zofia.w@example.org) asking whether Jade could stay "
     "with her in Marbury for a week in August. Replied that I will discuss it with Jade and Helen."),
    ("CN-1025", "2014-07-10", "Phone call", "Anita Shah", "", "false", "",
     "P001;P005",
     "Call to Zofia on 07700 900315. Agreed a three-night stay at 8 Ferndale Close, Marbury "
     "MB2 3DN from 11 August, subject to Sharon being told. Ms Wiśniewska's landline is "
     "01632 960315. Auntie Zosia will collect Jade from Helen's."),
    ("CN-1026", "2014-11-11", "Supervision", "Rachel Osei", "", "false", "",
     "P001",
     "Supervision record (management oversight): Jade's case discussed. Visits are in timescale. "
     "Action: life-story work to start before Christmas; check the personal education plan."),
    ("CN-1027", "2015-02-02", "Case note", "Anita Shah", "", "false", "",
     "P003;P002",
     "Tyler Carter: Sharon reported that Tyler's nursery has raised concerns about his speech. "
     "Advised Sharon to ask the health visitor for a referral. Tyler's NHS number 485 777 3457."),
    ("CN-1028", "2015-05-19", "School information", "David Price", SCHOOL, "false", "",
     "P001;P008",
     "Jade and Chloe Bennett were involved in a falling out on the school field; both were upset. "
     "Jade said: \"She said my mum doesn't want me.\" Resolved with a restorative meeting."),
    ("CN-1029", "2015-10-05", "CAMHS appointment", "Priya Nair", NHS, "false", "",
     "P001",
     "CAMHS initial appointment. Jade said: \"I get angry and I don't know why. Sometimes I dream "
     "about the night the police came.\" Plan: six sessions of trauma-focused work."),
    ("CN-1030", "2016-01-15", "Statutory visit", "Anita Shah", "", "false", "",
     "P001;P008",
     "Seen Jade alone. She is proud of her science project. Jade said: \"Chloe's mum lets her "
     "stay up till eleven, it's not fair.\" Discussed with Helen."),
    ("CN-1031", "2016-04-22", "CLA review", "Mark Ellison", "", "false", "",
     "P001",
     "Review. Jade chaired part of her own review. Jade's views: \"I want my own phone and more "
     "time with my friends.\" Recommendation: phone agreed with rules set by Helen."),
    ("CN-1032", "2016-08-01", "Case note", "Anita Shah", "", "false", "",
     "P008",
     "Chloe Bennett's mother, Mrs Bennett, rang to ask whether Jade Carter can sleep over on "
     "Saturday. Agreed with Helen; delegated authority applies."),
    ("CN-1033", "2017-02-14", "Text message", "Anita Shah", "", "false", "",
     "P001;P003",
     "Text from Jade to my work mobile: \"thanks for the card anita. can i see tyler at easter?? "
     "x\"\nReplied that I will ask Sharon."),
    ("CN-1034", "2017-06-03", "Missing from care", "Helen Marsh", "", "false", "",
     "P001",
     "Jade did not come home by 21:00. Reported missing to police at 22:00. Returned by police at "
     "01:30. Jade said she had been at the park with her boyfriend Liam Doyle, who is 16."),
    ("CN-1035", "2017-06-04", "Management decision", "Rachel Osei", "", "false", "",
     "P001",
     "Management oversight of missing episode: return home interview within 72 hours; child "
     "exploitation screening tool to be completed; strategy meeting if the screening is medium or "
     "above."),
    ("CN-1036", "2017-06-06", "Return home interview", "Sam Okafor", "", "false", "",
     "P001",
     "Return home interview. Jade said: \"I just wanted some space. I know I should have rung "
     "Helen.\" Jade said Liam is kind to her. No exploitation indicators disclosed."),
    ("CN-1037", "2017-09-12", "Strategy meeting", "Anita Shah", "", "false", "",
     "P001",
     "Strategy meeting about exploitation concerns after a second missing episode. Present: "
     "PC Reeves, Anita Shah, David Price, Helen Marsh. Outcome: no further action under section 47; "
     "safety plan agreed with Jade."),
    ("CN-1038", "2017-09-13", "Police information", "Tom Reeves", POLICE, "false", "",
     "P001",
     "Police check following the strategy meeting: no concerns recorded about Jade. The address "
     "she visited on 2 September is 6 Quarry Lane, Hollinbrook HB4 2XY."),
    ("CN-1039", "2018-02-20", "CLA review", "Mark Ellison", "", "false", "",
     "P001",
     "Review. Jade's views: \"I want to stay at Helen's until I'm 18 and then get my own flat.\" "
     "Pathway planning to start; personal adviser to be allocated."),
    ("CN-1040", "2018-05-10", "Email", "David Price", SCHOOL, "false", "",
     "P001",
     "Email from David Price: Jade's predicted GCSE grades are 5s and 6s; she has applied to "
     "Marbury College for childcare. Her attendance is 96%."),
    ("CN-1041", "2018-11-30", "Phone call", "Anita Shah", "", "false", "",
     "P001;P004",
     "Darren Pike rang the duty line from a withheld number asking where Jade lives. He was not "
     "told. Mr Pike said his new number is 07700 900783 and that he is \"family\". Sharon's "
     "mobile, +44 7700 900461, was on the duty screen; it was not given out. Team manager "
     "informed."),
    ("CN-1042", "31/02/2019", "Management decision", "Rachel Osei", "", "false", "",
     "P001;P004",
     "Management decision: Jade's address is not to be shared with Darren Pike or anyone on his "
     "behalf. Flag added to the record."),
    ("CN-1043", "2019-03-04", "Pathway plan visit", "Sam Okafor", "", "false", "",
     "P001",
     "First pathway planning visit with Jade at Helen's. Jade said: \"I want to learn to cook "
     "properly before I move out.\" Budgeting sessions agreed."),
    ("CN-1044", "2019-07-22", "Text message", "Sam Okafor", "", "false", "",
     "P001;P006",
     "Text from Jade: \"hi sam its jade, my nan siobhan is in hospital can u ring me\". Rang Jade "
     "back; Siobhán O'Brien is in Hollinbrook General after a fall."),
    ("CN-1045", "2020-02-14", "Pathway plan review", "Sam Okafor", "", "false", "",
     "P001",
     "Pathway plan review. Jade is at Marbury College and enjoying the childcare course. Housing application submitted with Jade's agreement."),
    ("CN-1046", "2020-05-06", "Phone call", "Sam Okafor", "", "false", "",
     "P001;P008",
     "Lockdown welfare call. Jade said: \"I'm lonely in the flat but Chloe rings me every night.\" "
     "Food parcel arranged."),
    ("CN-1047", "2020-09-15", "Email", "Sam Okafor", "", "false", "",
     "P001",
     "Email received from Jade asking for her birth certificate and for help to apply for a "
     "passport. See documents (email of 15 September)."),
    ("CN-1048", "2021-01-08", "Home visit", "Sam Okafor", "", "false", "",
     "P001",
     "Visit to Jade's flat at Flat 2, 41 Station Street, Marbury MB1 4RS. The flat is clean and "
     "warm. Jade said: \"It finally feels like mine.\""),
    ("CN-1049", "2021-06-30", "Management decision", "Rachel Osei", "", "false", "",
     "P001",
     "Management decision: Jade is eligible for the setting-up-home allowance of £2,000. Approved."),
    ("CN-1050", "2021-11-02", "Case note", "Sam Okafor", "", "false", "",
     "P007",
     "Kieran Walsh: pathway plan review for Kieran (21). He is working at the garage and renting "
     "a room. No further support requested."),
    ("CN-1051", "2022-02-14", "Pathway plan review", "Sam Okafor", "", "false", "",
     "P001;P002",
     "Pathway plan review on Jade's 18th birthday. Jade has started seeing her mum once a month. "
     "Jade said: \"Me and Mum are getting there. I'm glad I stayed at Helen's.\""),
    ("CN-1052", "2022-03-01", "Case note", "Sam Okafor", "", "false", "",
     "",
     "Jade Carter asked what records the council holds about her time in care. Explained how to "
     "make a subject access request. Reference MOS-448812."),
]

# ----------------------------------------------------------------------------------------------
# Documents
# ----------------------------------------------------------------------------------------------

LETTER_HTML = """<html><head><meta charset="utf-8"></head><body>
<p>Westshire County Council<br>Children's Services, Leaving Care Team</p>
<p>Jade Carter<br>Flat 2, 41 Station Street<br>Marbury MB1 4RS</p>
<p>2 April 2019</p>
<p>Our reference: MOS-448812</p>
<p>Dear Jade,</p>
<p>Thank you for meeting me last week. I am writing to confirm what we agreed about family time.</p>
<p>You will see your mum, Sharon Carter, once a month at the family centre. Your brother Tyler
Carter will come when his school allows. Sharon asked that you ring her on 07700 900461 rather
than call at 27 Alder Road.</p>
<p>We have agreed that your address will not be shared with Darren Pike. If he contacts you, please
tell me straight away.</p>
<p>Your aunt, Zofia Wiśniewska, has offered to help you move. Your nan, Siobhán O'Brien, would
like you to visit her at Christmas.</p>
<p>Yours sincerely,</p>
<p>Sam Okafor<br>Personal Adviser</p>
</body></html>"""

ASSESSMENT_HTML = """<html><head><meta charset="utf-8"></head><body>
<h1>Child and Family Assessment</h1>
<p>Child: Jade Carter. Date of birth: 14/02/2004. Mosaic ID: MOS-448812. NHS number: 943 476 5919.</p>
<p>Assessment completed by Anita Shah, social worker, on 10 November 2016.</p>
<h2>Family and household</h2>
<table border="1" cellpadding="4">
<tr><th>Name</th><th>Relationship to Jade</th><th>Date of birth</th><th>Address</th></tr>
<tr><td>Sharon Carter</td><td>Mother</td><td>03/06/1984</td><td>27 Alder Road, Hollinbrook HB4 7QT</td></tr>
<tr><td>Tyler Carter</td><td>Brother</td><td>21/05/2009</td><td>27 Alder Road, Hollinbrook HB4 7QT</td></tr>
<tr><td>Darren Pike</td><td>Mother's former partner</td><td>30/11/1981</td><td>14 Kestrel Court, Hollinbrook HB4 9LP</td></tr>
<tr><td>Zofia Wiśniewska</td><td>Maternal aunt</td><td>08/01/1979</td><td>8 Ferndale Close, Marbury MB2 3DN</td></tr>
<tr><td>Siobhán O'Brien</td><td>Maternal grandmother</td><td>17/03/1958</td><td>3 Church View, Hollinbrook HB3 1AA</td></tr>
</table>
<h2>Jade's views</h2>
<p>Jade said: "I feel safe at Helen's. I want Tyler to know I didn't leave because of him."</p>
<h2>Analysis</h2>
<p>Jade is settled in long-term foster care with Helen Marsh. Contact with her mother is
positive but inconsistent. Darren Pike remains a risk and has no contact. Sharon's sister,
Zofia, is a protective presence.</p>
</body></html>"""

CAMHS_HTML = """<html><head><meta charset="utf-8"></head><body>
<p>Westshire NHS Foundation Trust<br>Child and Adolescent Mental Health Service</p>
<p>20 October 2015</p>
<p>Re: Jade Carter, DOB 14/02/2004, NHS number 943 476 5919</p>
<p>Dear Ms Shah,</p>
<p>I saw Jade with her foster carer Helen Marsh on 5 October. Jade described nightmares about
the night of 11 October 2011, when Darren Pike assaulted her mother. She said: "I get angry and
I don't know why."</p>
<p>Jade's mother, Sharon Carter, has agreed to attend one session. I recommend six sessions of
trauma-focused work.</p>
<p>Yours sincerely,<br>Dr Priya Nair</p>
</body></html>"""

POLICE_HTML = """<html><head><meta charset="utf-8"></head><body>
<h1>Westshire Police — Missing Person Report (summary)</h1>
<p>Person reported missing: Jade Carter, 13. Reported by Helen Marsh (foster carer) at 22:00 on
3 June 2017.</p>
<p>Located at 01:30 at Hollinbrook Park with Liam Doyle (16) of 6 Quarry Lane, Hollinbrook
HB4 2XY. Jade was safe and well. She said: "I just wanted some space."</p>
<p>Officer: PC Tom Reeves.</p>
</body></html>"""

COURT_HTML = """<html><head><meta charset="utf-8"></head><body>
<h1>Statement of Anita Shah, social worker</h1>
<p>In the matter of Tyler Carter and Jade Carter. Prepared 9 March 2017.</p>
<p>Sharon Carter has made progress. Darren Pike has not been seen at the family home since 2016.</p>
</body></html>"""

SCAN_LINES = [
    "Note left by Jade for Helen, May 2013",
    "",
    "Dear Helen",
    "Thank you for my birthday party.",
    "I love living here with you and Biscuit the dog.",
    "Please can Tyler come to tea.",
    "Love from Jade Carter age 9",
]

TEXTS_TXT = """Text messages between Jade Carter and Sam Okafor (personal adviser), exported 1 September 2021

2021-08-28 18:02 Jade: hi sam the boiler is broken again and the landlord wont answer
2021-08-28 18:10 Sam: Hi Jade, sorry to hear that. I'll ring the housing officer first thing Monday.
2021-08-30 09:15 Sam: Housing say an engineer will come Wednesday morning.
2021-08-30 09:20 Jade: thank u!! also my mum wants to come to my flat, is that ok
2021-08-30 09:31 Sam: It's your home, Jade, your choice. Just don't give the address to Darren.
2021-08-30 09:33 Jade: i wont. zofia says she can come too
"""

RESTRICTED_TXT = """MASH information record, 14 October 2011

Information provided in confidence by a family member who asked not to be identified.

The informant said that Darren Pike has been sending threatening messages to Sharon Carter from
07700 900782 and that Sharon is frightened to report them. Jade Carter is said to have seen some of
the messages.
"""

POEM_TXT = """Home, by Jade Carter (age 13)

Home is not a house with shouting in it.
Home is Helen singing in the kitchen,
Biscuit on my bed,
and my brother Tyler laughing on the phone.
"""

KIERAN_TXT = """Pathway note: Kieran Walsh

Kieran (18) has moved to supported lodgings. His father Gary Walsh has been in touch and Kieran
wants to rebuild the relationship. Next review in six months.
"""

EML = """From: Jade Carter <jade.carter04@example.com>
To: Sam Okafor <sam.okafor@westshire.example.gov.uk>
Subject: my birth certificate
Date: Tue, 15 Sep 2020 19:42:10 +0100
Message-ID: <20200915194210.jade@example.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Hi Sam,

I need my birth certificate to get a passport. My mum Sharon says she has it but she won't
give it to me unless Darren can come round, and I don't want that.

Can the council get me a copy? I want to go to Poland with Auntie Zosia next summer.

Thanks, Jade

--b1
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: 8bit

<html><body><p>Hi Sam,</p><p>I need my birth certificate to get a passport. My mum Sharon says she has it but she won't give it to me unless Darren can come round, and I don't want that.</p><p>Can the council get me a copy? I want to go to Poland with Auntie Zosia next summer.</p><p>Thanks, Jade</p></body></html>

--b1--
""".replace("\n", "\r\n")

# (path, date, title, type, author, agency, restricted, reason, subjects)
DOCUMENT_ROWS = [
    ("documents/2011-10-14-mash-information.txt", "2011-10-14", "MASH information record",
     "Information record", "Anita Shah", "", "true",
     "Information provided in confidence by a third party", "P001;P002;P004"),
    ("documents/2015-06-30-school-report.docx", "2015-06-30", "End of year school report",
     "School report", "David Price", SCHOOL, "false", "", "P001"),
    ("documents/2015-10-20-camhs-letter.pdf", "2015-10-20", "CAMHS letter", "Letter",
     "Priya Nair", NHS, "false", "", "P001"),
    ("documents/2016-11-10-assessment.pdf", "2016-11-10", "Child and family assessment",
     "Assessment", "Anita Shah", "", "false", "", "P001;P002;P003;P004;P005;P006"),
    ("documents/2017-03-09-court-statement.pdf", "2017-03-09", "Social worker's statement",
     "Court statement", "Anita Shah", "", "false", "", "P001;P003"),
    ("documents/2017-06-04-police-missing-report.pdf", "2017-06-04", "Missing person report",
     "Police report", "Tom Reeves", POLICE, "false", "", "P001"),
    ("documents/2018-06-20-pathway-plan.docx", "2018-06-20", "Pathway plan", "Pathway plan",
     "Sam Okafor", "", "false", "", "P001"),
    ("documents/2019-04-02-letter.pdf", "2019-04-02", "Letter to Jade about family time",
     "Letter", "Sam Okafor", "", "false", "", "P001;P002;P003;P004;P005;P006"),
    ("documents/2019-05-01-kieran-walsh-pathway-note.txt", "2019-05-01", "Pathway note",
     "Case note", "Sam Okafor", "", "false", "", "P007"),
    ("documents/2020-09-15-email-from-jade.eml", "2020-09-15", "Email from Jade", "Email",
     "Jade Carter", "", "false", "", "P001"),
    ("documents/2021-09-01-text-messages.txt", "2021-09-01", "Text messages with Jade",
     "Text messages", "Sam Okafor", "", "false", "", "P001"),
    ("documents/photos/2014-08-02-birthday.jpg", "2014-08-02", "Photograph", "Photograph",
     "Helen Marsh", "", "false", "", "P001"),
    ("documents/scans/2013-05-22-note-from-jade.pdf", "2013-05-22", "Handwritten note (scan)",
     "Scanned document", "Helen Marsh", "", "false", "", "P001"),
]
# Written to the folder but with no row in documents.csv (issue 2: still considered).
UNLISTED = "documents/misc/poem-by-jade.txt"


def soffice(args, cwd):
    profile = Path(tempfile.gettempdir()) / "sarpack-samples-lo-profile"
    command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *args]
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def html_to_pdf(html, target, work):
    source = work / (target.stem + ".html")
    source.write_text(html, encoding="utf-8")
    soffice(["--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export",
             "--outdir", str(work), str(source)], work)
    shutil.move(work / (target.stem + ".pdf"), target)


FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin="2cm"/>
   <style:header-style/><style:footer-style/>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header><text:p>{header}</text:p></style:header>
   <style:footer><text:p>{footer}</text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
"""
FODT_TAIL = "</office:text></office:body></office:document>\n"


def p(text):
    return f"<text:p>{escape(text)}</text:p>\n"


def table(rows):
    out = [f'<table:table table:name="T1"><table:table-column '
           f'table:number-columns-repeated="{len(rows[0])}"/>']
    for row in rows:
        out.append("<table:table-row>")
        for cell in row:
            out.append(f'<table:table-cell office:value-type="string">{p(cell)}</table:table-cell>')
        out.append("</table:table-row>")
    out.append("</table:table>\n")
    return "".join(out)


def comment(author, text):
    return (f"<office:annotation><dc:creator>{escape(author)}</dc:creator>"
            f"<dc:date>2018-06-21T10:00:00</dc:date>{p(text)}</office:annotation>")


def fodt_to_docx(body, header, footer, target, work):
    source = work / (target.stem + ".fodt")
    source.write_text(FODT_HEAD.format(header=escape(header), footer=escape(footer)) + body
                      + FODT_TAIL, encoding="utf-8")
    soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work), str(source)], work)
    shutil.move(work / (target.stem + ".docx"), target)


PATHWAY_BODY = (
    p("Pathway Plan for Jade Carter (MOS-448812)")
    + p("Date of plan: 20 June 2018. Personal adviser: Sam Okafor.")
    + table([
        ["Need", "What Jade wants", "Who will help"],
        ["Accommodation", "To stay at Helen's until 18, then a flat in Marbury", "Sam Okafor, Helen Marsh"],
        ["Family", "To see Mum monthly and Tyler in the holidays", "Sam Okafor"],
        ["Education", "Childcare course at Marbury College", "David Price"],
    ])
    + f"<text:p>Jade said: \"I want to be a nursery nurse.\"{comment('Rachel Osei', 'Check college funding with the virtual school before the review.')}</text:p>\n"
    + p("Risks: Darren Pike must not learn Jade's address. Sharon Carter knows not to share it.")
)

SCHOOL_BODY = (
    p("Hollinbrook Academy: End of Year Report 2014 to 2015")
    + p("Student: Jade Carter. Tutor group 7P. Head of Year: David Price.")
    + table([["Subject", "Effort", "Comment"],
             ["English", "1", "Jade writes with real feeling."],
             ["Science", "1", "Excellent project on plants."],
             ["Maths", "2", "Needs to practise times tables."]])
    + p("Pastoral: Jade had a difficult term after a falling out with Chloe Bennett; both girls "
        "have worked hard to repair the friendship.")
)


def scanned_pdf(target, work):
    """An image-only PDF, as a photocopier produces: no text layer at all."""
    import fitz
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (850, 1100), 236)
    draw = ImageDraw.Draw(image)
    font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    font = ImageFont.truetype(font_path, 30) if os.path.exists(font_path) else None
    y = 120
    for line in SCAN_LINES:
        draw.text((90, y), line, fill=40, font=font)
        y += 58
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=35)
    document = fitz.open()
    page = document.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=jpeg.getvalue())
    document.save(target, garbage=4, deflate=True)


def photo(target):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (180, 210, 240))
    draw = ImageDraw.Draw(image)
    for x, colour in [(60, (220, 40, 60)), (140, (250, 200, 40)), (220, (60, 170, 90))]:
        draw.ellipse((x, 50, x + 50, 110), fill=colour)
        draw.line((x + 25, 110, 160, 220), fill=(80, 80, 80), width=2)
    image.save(target, "JPEG", quality=60)


def write_csv(path, header, rows):
    # CRLF and a BOM, as the case-management system's "export to Excel" writes them.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def main():
    if STORE.exists():
        shutil.rmtree(STORE)
    for folder in [DOCS, DOCS / "photos", DOCS / "scans", DOCS / "misc"]:
        folder.mkdir(parents=True, exist_ok=True)

    write_csv(STORE / "people.csv",
              ["id", "name", "aliases", "dob", "role", "category", "phone", "address", "consent"],
              PEOPLE)
    write_csv(STORE / "case-notes.csv",
              ["id", "date", "type", "author", "agency", "restricted", "restriction_reason",
               "subjects", "text"],
              NOTES)
    write_csv(STORE / "documents.csv",
              ["path", "date", "title", "type", "author", "agency", "restricted",
               "restriction_reason", "subjects"],
              DOCUMENT_ROWS)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        html_to_pdf(LETTER_HTML, DOCS / "2019-04-02-letter.pdf", work)
        html_to_pdf(ASSESSMENT_HTML, DOCS / "2016-11-10-assessment.pdf", work)
        html_to_pdf(CAMHS_HTML, DOCS / "2015-10-20-camhs-letter.pdf", work)
        html_to_pdf(POLICE_HTML, DOCS / "2017-06-04-police-missing-report.pdf", work)
        plain = work / "court-plain.pdf"
        html_to_pdf(COURT_HTML, plain, work)
        subprocess.run(["qpdf", "--encrypt", "court-user-pw", "court-owner-pw", "256", "--",
                        str(plain), str(DOCS / "2017-03-09-court-statement.pdf")], check=True)
        fodt_to_docx(PATHWAY_BODY, "Westshire County Council: Pathway Plan (OFFICIAL-SENSITIVE)",
                     "Jade Carter, MOS-448812", DOCS / "2018-06-20-pathway-plan.docx", work)
        fodt_to_docx(SCHOOL_BODY, "Hollinbrook Academy", "Confidential: student report",
                     DOCS / "2015-06-30-school-report.docx", work)
        scanned_pdf(DOCS / "scans" / "2013-05-22-note-from-jade.pdf", work)
    photo(DOCS / "photos" / "2014-08-02-birthday.jpg")
    (DOCS / "2011-10-14-mash-information.txt").write_text(RESTRICTED_TXT, encoding="utf-8")
    (DOCS / "2021-09-01-text-messages.txt").write_text(TEXTS_TXT, encoding="utf-8")
    (DOCS / "2019-05-01-kieran-walsh-pathway-note.txt").write_text(KIERAN_TXT, encoding="utf-8")
    (STORE / UNLISTED).write_text(POEM_TXT, encoding="utf-8")
    (DOCS / "2020-09-15-email-from-jade.eml").write_bytes(EML.encode("utf-8"))

    total = sum(f.stat().st_size for f in STORE.rglob("*") if f.is_file())
    print(f"wrote {STORE} ({total // 1024} KiB, {len(NOTES)} notes, "
          f"{len(DOCUMENT_ROWS)} listed documents)")
    if total > 1024 * 1024:
        sys.exit("sample store is larger than 1 MiB")


if __name__ == "__main__":
    main()
